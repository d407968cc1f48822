using OrleansCrawler.Bench.Throughput.Reporting;

namespace OrleansCrawler.Bench.Throughput;

/// <summary>Everything one harness run measured: every crawl, the median per crawler and workload with ratios, the
/// targets judged on those medians, and the seen-set measurement of the scale workload.</summary>
public sealed record ThroughputResults(ThroughputOptions Options, MachineInfo Machine, DateTimeOffset Started, IReadOnlyList<ThroughputRow> Rows,
    IReadOnlyList<ThroughputRow> Summary, IReadOnlyList<TargetResult> Targets, SeenSetProbe.Result? SeenSet)
{
    public bool AllChecksPassed => Rows.All(r => !r.Available || r.CheckPassed);
}
