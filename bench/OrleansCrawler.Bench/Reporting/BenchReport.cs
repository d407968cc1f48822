using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace OrleansCrawler.Bench.Reporting;

/// <summary>Writes a run's files: <c>report.md</c> (table, chart, set-up), <c>speedup.png</c>/<c>.svg</c>,
/// <c>results.json</c>.</summary>
public static class BenchReport
{
    public const string MarkdownFile = "report.md";
    public const string PngFile = "speedup.png";
    public const string SvgFile = "speedup.svg";
    public const string JsonFile = "results.json";

    public static async Task<IReadOnlyList<string>> WriteAsync(BenchOptions options, IReadOnlyList<BenchResult> results, DateTimeOffset startedAt,
        CancellationToken cancellationToken = default)
    {
        var dir = options.OutputDirectory;
        Directory.CreateDirectory(dir);
        var png = Path.Combine(dir, PngFile);
        var svg = Path.Combine(dir, SvgFile);
        SpeedUpChart.Save(results, png, svg, $"ocrawl bench{(options.IsQuick ? " --quick" : "")}: speed-up over sequential, {Environment.ProcessorCount} cores");

        var md = Path.Combine(dir, MarkdownFile);
        await File.WriteAllTextAsync(md, ToMarkdown(options, results, startedAt), cancellationToken);

        var json = Path.Combine(dir, JsonFile);
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
        return [md, png, svg, json];
    }

    public static string ToMarkdown(BenchOptions options, IReadOnlyList<BenchResult> results, DateTimeOffset startedAt)
    {
        var sb = new StringBuilder();
        void Line(FormattableString s) => sb.AppendLine(s.ToString(CultureInfo.InvariantCulture));
        Line($"# Concurrency lab: {startedAt:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine();
        Line($"Command: `{options.CommandLine}`");
        sb.AppendLine();
        Line($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {(IsRelease() ? "Release" : "Debug")} build; load average at the end {LoadAverage()} (other work on the machine shares its cores).");
        sb.AppendLine();
        Line($"Set-up: the io workload crawls a test web of {options.Pages} pages over {options.Hosts} hosts with {options.Latency.TotalMilliseconds:0} ms added to every response, the cpu workload one of {options.CpuPages} pages with none (seed {options.Seed}); {options.Concurrency} URLs in progress in every concurrent mode; {options.Workers} worker processes; prime checks is_prime({options.PrimeNumber}) {options.PrimeCount} times.");
        sb.AppendLine();
        sb.AppendLine(ResultTable.ToMarkdown(results));
        Line($"![speed-up over sequential]({PngFile})");
        sb.AppendLine();
        if (ScalingTable.ToMarkdown(results) is { Length: > 0 } scaling)
        {
            sb.AppendLine(options.SiloCpu > 0
                ? string.Create(CultureInfo.InvariantCulture, $"Scaling over silos, each silo a small machine of {options.SiloCpu:0.##} CPU (a cgroup quota) bringing its own {options.Concurrency} in flight; the notes above say what each cluster row saturated (throttled periods, PostgreSQL and Redis CPU, messages per URL):")
                : "Scaling over silos, unconfined on this machine's cores, the concurrency split over the silos:");
            sb.AppendLine();
            sb.AppendLine(scaling);
        }

        sb.AppendLine("""
            - *items*: URLs fetched (every in-scope link: pages, images, PDFs, missing pages) or numbers checked;
              *check*: the 200 HTML pages fetched equal the test web's truth set, or every prime was counted.
            - *CPU s*: this process's CPU time over the run (it also serves the test web, in-process) plus, for
              processes, the workers' own. *peak MB*: peak working set over the run; for processes the sum of the
              workers' peaks.
            - Wall times of one run each on a shared machine: read ratios, not digits.
            """);
        return sb.ToString();
    }

    private static string LoadAverage()
    {
        try
        {
            return OperatingSystem.IsLinux() ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static bool IsRelease()
    {
        var attribute = typeof(BenchReport).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
            .OfType<System.Diagnostics.DebuggableAttribute>().FirstOrDefault();
        return attribute is null || !attribute.IsJITOptimizerDisabled;
    }
}
