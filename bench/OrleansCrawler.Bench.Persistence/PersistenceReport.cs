using System.Globalization;
using System.Text;

namespace OrleansCrawler.Bench.Persistence;

/// <summary>The benchmark's results as Markdown: one row per store and size, then per store the ratio of the
/// largest size to the smallest.</summary>
internal static class PersistenceReport
{
    public static string Render(IReadOnlyList<FrontierMeasurement> results, PersistenceOptions options, IEnumerable<string> notes)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Batch: {options.BatchSize:N0} appends of new URLs + {options.BatchSize:N0} settles of queued URLs, one write; {options.Batches} timed batches after {options.Warmup} warm-up ones; {options.Hosts:N0} hosts over {options.Partitions} partitions."));
        text.AppendLine();
        text.AppendLine("| Store | Frontier URLs | Mean ms/batch | p95 ms/batch | Rows/s | Partition load | Load ms | Store MB | Prefill s |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            text.AppendLine(Invariant(
                $"| {r.Store} | {r.Size:N0} | {r.MeanMs:F2} | {r.P95Ms:F2} | {r.RowsPerSecond:N0} | {r.LoadRows:N0} rows | {r.LoadMs:F1} | {r.StoreBytes / 1048576.0:F0} | {r.PrefillSeconds:F1} |"));
        }

        var ratios = Ratios(results).ToList();
        if (ratios.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| Store | Sizes | Mean ratio | p95 ratio | Load ms ratio | Load ms per row ratio |");
            text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: |");
            foreach (var (store, small, large) in ratios)
            {
                var perRow = large.LoadMs / large.LoadRows / (small.LoadMs / small.LoadRows);
                text.AppendLine(Invariant(
                    $"| {store} | {Short(large.Size)} / {Short(small.Size)} | {large.MeanMs / small.MeanMs:F2} | {large.P95Ms / small.P95Ms:F2} | {large.LoadMs / small.LoadMs:F2} | {perRow:F2} |"));
            }
        }

        var noteList = notes.ToList();
        if (noteList.Count > 0)
        {
            text.AppendLine();
            foreach (var note in noteList)
            {
                text.AppendLine($"- {note}");
            }
        }

        return text.ToString();
    }

    /// <summary>Per store measured at two sizes or more: its smallest and largest.</summary>
    public static IEnumerable<(string Store, FrontierMeasurement Smallest, FrontierMeasurement Largest)> Ratios(IReadOnlyList<FrontierMeasurement> results) =>
        results.GroupBy(r => r.Store)
            .Where(g => g.Select(r => r.Size).Distinct().Count() > 1)
            .Select(g => (g.Key, g.MinBy(r => r.Size)!, g.MaxBy(r => r.Size)!));

    internal static string Short(int size) =>
        size % 1_000_000 == 0 ? $"{size / 1_000_000}M" : size % 1_000 == 0 ? $"{size / 1_000}k" : size.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
