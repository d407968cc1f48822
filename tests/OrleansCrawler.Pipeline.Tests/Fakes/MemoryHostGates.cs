using System.Collections.Concurrent;
using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Pipeline.Ports;

namespace OrleansCrawler.Pipeline.Tests.Fakes;

/// <summary>The real <see cref="HostGate"/>s, one per authority, in memory (a silo holds each in a grain).</summary>
public sealed class MemoryHostGates(TimeProvider time) : IHostGates
{
    private readonly ConcurrentDictionary<string, HostGate> _gates = new(StringComparer.Ordinal);

    public HostGate Gate(string authority) => _gates.GetOrAdd(authority, _ => new HostGate(time));

    public Task<HostTurn?> AcquireAsync(string authority, HostTurnRequest request) => Gate(authority).AcquireAsync(request, TimeSpan.FromSeconds(5));

    public void Sent(string authority, HostTurn turn, DateTimeOffset at) => Gate(authority).MarkSent(turn.Lease, at);

    public void Release(string authority, HostTurn turn, DateTimeOffset? notBefore) => Gate(authority).Release(turn.Lease, notBefore);
}
