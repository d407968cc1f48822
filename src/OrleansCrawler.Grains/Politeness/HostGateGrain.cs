using Orleans.Concurrency;
using Orleans.Placement;
using OrleansCrawler.Abstractions.Politeness;
using OrleansCrawler.Core.Politeness;

namespace OrleansCrawler.Grains.Politeness;

/// <summary>Holds one host's <see cref="HostGate"/> for every job and partition that crawls the host. Calls nothing, so
/// no cycle can form with the partition grains that call it. Placed on the silo of its first caller. Its state is the
/// turns in flight only: if its silo dies, a new activation starts empty (the turns held elsewhere lapse there, which can
/// let one request overlap while the host's gate moves), and turns held by a partition on a killed silo lapse after
/// their hold.</summary>
[Reentrant, PreferLocalPlacement]
public sealed class HostGateGrain(TimeProvider time) : Grain, IHostGateGrain
{
    /// <summary>Longest an ask waits inside a call (well under the 30 s call timeout).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    private readonly HostGate _gate = new(time);

    public async Task<HostTurnGrant> AcquireAsync(HostTurnAsk ask)
    {
        var turn = await _gate.AcquireAsync(new HostTurnRequest(ask.Job, ask.Delay, ask.PerHost, ask.Hold), MaxWait);
        return turn is { } t ? new HostTurnGrant(t.Lease, t.ReportSent) : default;
    }

    public Task SentAsync(long lease, DateTimeOffset at)
    {
        _gate.MarkSent(lease, at);
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(long lease, DateTimeOffset? notBefore)
    {
        _gate.Release(lease, notBefore);
        return Task.CompletedTask;
    }
}
