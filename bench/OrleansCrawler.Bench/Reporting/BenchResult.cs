namespace OrleansCrawler.Bench.Reporting;

/// <summary>One row of the table: a mode run on a workload, or a mode that could not run (with the reason).</summary>
/// <param name="Label">The mode's name as shown, e.g. "orleans-1silo".</param>
/// <param name="Items">URLs fetched (crawl workloads) or numbers checked (prime).</param>
/// <param name="Check">What the correctness check found, e.g. "truth ok (186)".</param>
/// <param name="CheckPassed">Whether the mode did exactly the expected work.</param>
/// <param name="SpeedUp">Sequential wall time over this one, for the same workload; null when not comparable.</param>
public sealed record BenchResult(
    Workload Workload,
    string Label,
    long Items,
    double WallSeconds,
    double CpuSeconds,
    long PeakBytes,
    string Check,
    bool CheckPassed,
    string? Notes = null,
    double? SpeedUp = null,
    bool Available = true,
    int? Silos = null)
{
    /// <summary>A cluster row's rate between 10 % and 90 % of its URLs settled (<c>SteadyRate</c>); null elsewhere.</summary>
    public double? SteadyRate { get; init; }

    public string Unit => Workload == Workload.Prime ? "ops/s" : "pages/s";

    public double Rate => WallSeconds > 0 ? Items / WallSeconds : 0;

    public static BenchResult Unavailable(Workload workload, string label, string reason) =>
        new(workload, label, 0, 0, 0, 0, "-", true, reason, null, Available: false);
}
