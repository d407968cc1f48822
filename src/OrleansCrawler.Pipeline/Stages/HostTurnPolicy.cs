using OrleansCrawler.Core.Politeness;

namespace OrleansCrawler.Pipeline.Stages;

/// <summary>What a job asks of a host's shared turns (<see cref="HostGate"/>): its per-host limit, its delay for the host
/// at the moment, and how long a turn may be held (the fetch timeout and <see cref="HoldMargin"/>, after which a turn of
/// a killed silo lapses).</summary>
public sealed record HostTurnPolicy(string JobId, int PerHost, TimeSpan FetchTimeout)
{
    public static readonly TimeSpan HoldMargin = TimeSpan.FromSeconds(10);

    public HostTurnRequest Request(TimeSpan delay) => new(JobId, delay, PerHost, FetchTimeout + HoldMargin);
}
