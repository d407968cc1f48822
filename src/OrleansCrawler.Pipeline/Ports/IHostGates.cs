using OrleansCrawler.Core.Politeness;

namespace OrleansCrawler.Pipeline.Ports;

/// <summary>The hosts' turns shared by every job of the cluster (or of one embedded process): one
/// <see cref="HostGate"/> per authority, whatever job or partition asks. In a silo, a grain keyed by the authority.</summary>
public interface IHostGates
{
    /// <summary>Waits a bounded time for a turn at the authority; null when none came yet (ask again).</summary>
    Task<HostTurn?> AcquireAsync(string authority, HostTurnRequest request);

    /// <summary>The turn's request went out at <paramref name="at"/> (asked for by <see cref="HostTurn.ReportSent"/>).
    /// Fire and forget: a report that is lost only holds the host until the turn is given back.</summary>
    void Sent(string authority, HostTurn turn, DateTimeOffset at);

    /// <summary>Gives the turn back; <paramref name="notBefore"/>: no request to the host before then (Retry-After,
    /// backoff). Fire and forget: a turn that is never given back expires after its hold.</summary>
    void Release(string authority, HostTurn turn, DateTimeOffset? notBefore);
}
