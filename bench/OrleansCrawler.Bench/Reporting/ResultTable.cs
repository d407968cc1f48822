using System.Globalization;
using System.Text;

namespace OrleansCrawler.Bench.Reporting;

/// <summary>The results as a fixed-width console table or a markdown table.</summary>
public static class ResultTable
{
    private static readonly string[] Headers = ["workload", "mode", "items", "rate", "wall s", "CPU s", "peak MB", "speed-up", "check"];

    public static string ToText(IReadOnlyList<BenchResult> results)
    {
        var rows = results.Select(Cells).ToList();
        var widths = Headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var sb = new StringBuilder();
        void Line(IReadOnlyList<string> cells)
        {
            for (var i = 0; i < cells.Count; i++)
            {
                // Text columns left-aligned, numbers right-aligned.
                sb.Append(i is 0 or 1 or 8 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i]));
                sb.Append(i == cells.Count - 1 ? "" : "  ");
            }

            sb.AppendLine();
        }

        Line(Headers);
        Line([.. widths.Select(w => new string('-', w))]);
        rows.ForEach(Line);
        return sb.ToString();
    }

    public static string ToMarkdown(IReadOnlyList<BenchResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| " + string.Join(" | ", Headers.Append("notes")) + " |");
        sb.AppendLine("|" + string.Join("|", Headers.Append("notes").Select((_, i) => i is >= 2 and <= 7 ? "---:" : "---")) + "|");
        foreach (var r in results)
        {
            sb.AppendLine("| " + string.Join(" | ", Cells(r).Append(r.Available ? r.Notes ?? "" : "").Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        }

        return sb.ToString();
    }

    private static string[] Cells(BenchResult r)
    {
        var workload = BenchModes.NameOf(r.Workload);
        if (!r.Available)
        {
            return [workload, r.Label, "-", "-", "-", "-", "-", "-", r.Notes ?? "not available"];
        }

        return
        [
            workload,
            r.Label,
            r.Items.ToString("N0", CultureInfo.InvariantCulture),
            Invariant($"{r.Rate:N1} {r.Unit}"),
            Invariant($"{r.WallSeconds:0.00}"),
            Invariant($"{r.CpuSeconds:0.00}"),
            Invariant($"{r.PeakBytes / 1048576.0:0}"),
            r.SpeedUp is { } s ? Invariant($"{s:0.00}x") : "n/a",
            r.Check,
        ];
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
