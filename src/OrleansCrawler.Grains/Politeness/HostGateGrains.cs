using Microsoft.Extensions.Logging;
using OrleansCrawler.Abstractions.Politeness;
using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Pipeline.Ports;

namespace OrleansCrawler.Grains.Politeness;

/// <summary>The hosts' turns through their <see cref="IHostGateGrain"/>s. An ask is retried while a dead silo is
/// declared dead (<see cref="GrainRetry"/>, bounded; then the URL's attempt fails and the partition tries it again
/// later); reports and give-backs are one-way messages, and one that is lost only lets its turn lapse.</summary>
public sealed partial class HostGateGrains(IGrainFactory grains, TimeProvider time, ILogger<HostGateGrains> logger) : IHostGates
{
    // Two or three references per URL (ask, give back, report sent under a delay): made without Orleans' per-call type lookup.
    private readonly StringKeyGrains<IHostGateGrain> _gates = new(grains);

    public async Task<HostTurn?> AcquireAsync(string authority, HostTurnRequest request)
    {
        var gate = _gates.Get(authority);
        var ask = new HostTurnAsk(request.Job, request.Delay, request.PerHost, request.Hold);
        var grant = await GrainRetry.CallAsync(() => gate.AcquireAsync(ask), time);
        return grant.Lease == 0 ? null : new HostTurn(grant.Lease, grant.ReportSent);
    }

    public void Sent(string authority, HostTurn turn, DateTimeOffset at) =>
        Observe(_gates.Get(authority).SentAsync(turn.Lease, at), authority);

    public void Release(string authority, HostTurn turn, DateTimeOffset? notBefore) =>
        Observe(_gates.Get(authority).ReleaseAsync(turn.Lease, notBefore), authority);

    private void Observe(Task call, string authority)
    {
        if (!call.IsCompletedSuccessfully)
        {
            _ = call.ContinueWith(t => LogLost(logger, t.Exception!.GetBaseException(), authority), CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A message to the turn gate of {Authority} was lost; the turn lapses after its hold")]
    private static partial void LogLost(ILogger logger, Exception exception, string authority);
}
