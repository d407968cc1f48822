using Orleans.Concurrency;

namespace OrleansCrawler.Abstractions.Politeness;

/// <summary>One host's turns for every job of the cluster; keyed by the authority (<c>host:port</c>), never by job.
/// Reentrant: an ask waits inside (a few seconds at most) while turns are given back.</summary>
[Alias("OrleansCrawler.IHostGateGrain")]
public interface IHostGateGrain : IGrainWithStringKey
{
    /// <summary>Waits at most a few seconds for a turn; <see cref="HostTurnGrant.Lease"/> 0: none yet.</summary>
    [Alias("Acquire")]
    Task<HostTurnGrant> AcquireAsync(HostTurnAsk ask);

    /// <summary>The turn's request went out at <paramref name="at"/>.</summary>
    [Alias("Sent"), OneWay]
    Task SentAsync(long lease, DateTimeOffset at);

    /// <summary>The turn is over; <paramref name="notBefore"/>: no request to the host before then.</summary>
    [Alias("Release"), OneWay]
    Task ReleaseAsync(long lease, DateTimeOffset? notBefore);
}
