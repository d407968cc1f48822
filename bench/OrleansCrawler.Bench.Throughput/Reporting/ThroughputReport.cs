using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OrleansCrawler.Bench.Throughput.Reporting;

/// <summary>The results as console tables and as <c>report.md</c> + <c>results.json</c> in the output folder.</summary>
public static class ThroughputReport
{
    private static readonly string[] Headers =
        ["workload", "crawler", "run", "URLs", "wall s", "pages/s", "CPU ms/page", "process CPU ms/page", "CPU ms/URL launch-exit", "CPU ms/HTML page launch-exit", "peak RSS MB", "web server CPU s", "vs ref", "check"];

    private static readonly string[] TargetHeaders = ["target", "goal", "measured", "verdict", "note"];

    public static string ToText(ThroughputResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var sb = new StringBuilder();
        sb.AppendLine(Table(results.Rows.Select(Cells).ToList(), Headers, markdown: false));
        if (results.Options.Repeat > 1)
        {
            sb.AppendLine("Medians:");
            sb.AppendLine(Table(results.Summary.Select(Cells).ToList(), Headers, markdown: false));
        }

        sb.AppendLine(Table(results.Targets.Select(TargetCells).ToList(), TargetHeaders, markdown: false));
        return sb.ToString();
    }

    public static string ToMarkdown(ThroughputResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var m = results.Machine;
        var sb = new StringBuilder();
        sb.AppendLine("# Throughput harness report (issue 8)");
        sb.AppendLine();
        sb.AppendLine(Invariant($"- started {results.Started:yyyy-MM-dd HH:mm:ss} UTC; command: `{results.Options.CommandLine}`"));
        sb.AppendLine(Invariant($"- machine: {m.Describe()}; load average at the end {m.LoadAtEnd}"));
        sb.AppendLine(Invariant($"- web: {results.Options.Pages:N0} pages on {results.Options.Hosts} hosts (scale: {results.Options.ScalePages:N0}), latency workload {results.Options.Latency.TotalMilliseconds:0} ms; {results.Options.Concurrency} fetches in flight, {results.Options.PerHost} per host, robots.txt obeyed{(results.Options.Nginx ? "; the throughput web served as a static copy by nginx" : "")}"));
        sb.AppendLine("- every crawler and the test web are separate processes; CPU (utime + stime) and peak RSS (VmHWM) are the crawler process's own, read from /proc");
        sb.AppendLine("- pages/s and CPU per page count every URL fetched (pages, images, PDFs, 404s); *vs ref*: pages/s over the baseline (orleans), over one silo (silo rows), over orleans (peers), in the same run");
        sb.AppendLine();
        sb.AppendLine("## Targets");
        sb.AppendLine();
        sb.AppendLine(Table(results.Targets.Select(TargetCells).ToList(), TargetHeaders, markdown: true));
        sb.AppendLine(results.Options.Repeat > 1 ? "## Medians" : "## Results");
        sb.AppendLine();
        sb.AppendLine(Table(results.Summary.Select(Cells).ToList(), Headers, markdown: true));
        if (results.Options.Repeat > 1)
        {
            sb.AppendLine("## Every run");
            sb.AppendLine();
            sb.AppendLine(Table(results.Rows.Select(Cells).ToList(), Headers, markdown: true));
        }

        sb.AppendLine("## Notes");
        sb.AppendLine();
        foreach (var r in results.Summary)
        {
            sb.AppendLine($"- {r.Workload} / {r.Crawler}: {r.Notes}");
        }

        return sb.ToString();
    }

    public static async Task<IReadOnlyList<string>> WriteAsync(ThroughputResults results, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        var dir = results.Options.OutputDirectory;
        Directory.CreateDirectory(dir);
        var markdown = Path.Combine(dir, "report.md");
        var json = Path.Combine(dir, "results.json");
        await File.WriteAllTextAsync(markdown, ToMarkdown(results), cancellationToken);
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
        return [markdown, json];
    }

    private static string[] Cells(ThroughputRow r) => !r.Available
        ? [r.Workload, r.Crawler, "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "skipped: " + r.Notes]
        :
        [
            r.Workload, r.Crawler, r.Run.ToString(CultureInfo.InvariantCulture), Invariant($"{r.Urls:N0}"), Invariant($"{r.WallSeconds:0.00}"),
            Invariant($"{r.PagesPerSecond:N0}"), Invariant($"{r.CpuMsPerPage:0.000}"), Invariant($"{r.ProcessCpuMsPerPage:0.000}"),
            Invariant($"{r.ExitCpuMsPerUrl:0.000}"), Invariant($"{r.ExitCpuMsPerHtmlPage:0.000}"), Invariant($"{r.PeakMegabytes:0}"),
            Invariant($"{r.ServerCpuSeconds:0.0}"), r.Ratio is { } ratio ? Invariant($"{ratio:0.00}×") : "-", r.Check,
        ];

    private static string[] TargetCells(TargetResult t) => [t.Target, t.Goal, t.Measured, t.Verdict, t.Note];

    private static string Table(IReadOnlyList<string[]> rows, string[] headers, bool markdown)
    {
        var sb = new StringBuilder();
        if (markdown)
        {
            sb.AppendLine("| " + string.Join(" | ", headers) + " |");
            sb.AppendLine("|" + string.Join("|", headers.Select((_, i) => IsNumber(headers, i) ? "---:" : "---")) + "|");
            foreach (var row in rows)
            {
                sb.AppendLine("| " + string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
            }

            return sb.ToString();
        }

        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        void Line(IReadOnlyList<string> cells)
        {
            for (var i = 0; i < cells.Count; i++)
            {
                sb.Append(IsNumber(headers, i) ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
                sb.Append(i == cells.Count - 1 ? "" : "  ");
            }

            sb.AppendLine();
        }

        Line(headers);
        Line([.. widths.Select(w => new string('-', w))]);
        foreach (var row in rows)
        {
            Line(row);
        }

        return sb.ToString();
    }

    private static bool IsNumber(string[] headers, int i) => ReferenceEquals(headers, Headers) && i is >= 2 and <= 12;

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
