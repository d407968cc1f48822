namespace OrleansCrawler.Bench;

/// <summary>Command-line names of modes and workloads, and which modes run which workload.</summary>
public static class BenchModes
{
    private static readonly (BenchMode Mode, string Name)[] Names =
    [
        (BenchMode.Sequential, "sequential"),
        (BenchMode.Threads, "threads"),
        (BenchMode.ProducerConsumer, "producer-consumer"),
        (BenchMode.ThreadPool, "thread-pool"),
        (BenchMode.Parallel, "parallel"),
        (BenchMode.Processes, "processes"),
        (BenchMode.AsyncSingle, "async-single"),
        (BenchMode.AsyncPool, "async-pool"),
        (BenchMode.Orleans, "orleans"),
    ];

    public static IReadOnlyList<BenchMode> All { get; } = [.. Names.Select(n => n.Mode)];

    public static IReadOnlyList<BenchMode> CrawlModes { get; } =
    [
        BenchMode.Sequential, BenchMode.Threads, BenchMode.ProducerConsumer, BenchMode.ThreadPool,
        BenchMode.Processes, BenchMode.AsyncSingle, BenchMode.AsyncPool, BenchMode.Orleans,
    ];

    public static IReadOnlyList<BenchMode> PrimeModes { get; } =
    [
        BenchMode.Sequential, BenchMode.Threads, BenchMode.ThreadPool, BenchMode.Parallel, BenchMode.Processes, BenchMode.AsyncSingle,
    ];

    public static bool Applies(BenchMode mode, Workload workload) =>
        (workload == Workload.Prime ? PrimeModes : CrawlModes).Contains(mode);

    public static string NameOf(BenchMode mode) => Names.First(n => n.Mode == mode).Name;

    public static string NameOf(Workload workload) => workload.ToString().ToLowerInvariant();

    /// <summary>Parses a comma-separated list ("sequential,threads"); throws naming the unknown entry.</summary>
    public static IReadOnlyList<BenchMode> ParseModes(string list) =>
        [.. Split(list).Select(name => Names.FirstOrDefault(n => n.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { Name: not null } found
            ? found.Mode
            : throw new ArgumentException($"Unknown mode '{name}'; known: {string.Join(", ", Names.Select(n => n.Name))}."))];

    public static IReadOnlyList<Workload> ParseWorkloads(string list) =>
        [.. Split(list).Select(name => Enum.TryParse<Workload>(name, ignoreCase: true, out var w) && Enum.IsDefined(w) && !int.TryParse(name, out _)
            ? w
            : throw new ArgumentException($"Unknown workload '{name}'; known: io, cpu, prime."))];

    /// <summary>Silo process counts of the orleans mode, e.g. "1,2,3", each 1 to 16; "0" alone: none (the orleans
    /// mode then runs only its in-process silo).</summary>
    public static IReadOnlyList<int> ParseSilos(string list) =>
        list.Trim() == "0"
            ? []
            : [.. Split(list).Select(s => int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 16
                ? n
                : throw new ArgumentException($"Bad silo count '{s}': give numbers from 1 to 16, e.g. 1,2,3 (or 0 alone for none)."))];

    private static IEnumerable<string> Split(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase);
}
