using Microsoft.Extensions.Time.Testing;
using OrleansCrawler.Core.Politeness;

namespace OrleansCrawler.Core.Tests.Politeness;

/// <summary>The host's turns shared by all jobs: one per-host limit and one clock, whatever job asks.</summary>
public class HostGateTests
{
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(40);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static HostTurnRequest Ask(string job, int delayMs = 0, int perHost = 1) => new(job, TimeSpan.FromMilliseconds(delayMs), perHost, Hold);

    [Fact]
    public void TryAcquire_PerHostOne_SecondJobWaitsUntilTheFirstGivesItsTurnBack()
    {
        var gate = new HostGate(_time);
        var a = gate.TryAcquire(Ask("a"), out _);
        Assert.NotNull(a);
        Assert.False(a.Value.ReportSent);

        Assert.Null(gate.TryAcquire(Ask("b"), out var retryIn));
        Assert.Equal(Hold, retryIn);
        Assert.Equal(1, gate.InFlight);

        gate.Release(a.Value.Lease);
        Assert.NotNull(gate.TryAcquire(Ask("b"), out _));
    }

    [Fact]
    public void TryAcquire_LimitIsTheAskingJobs_CountsTheTurnsOfEveryJob()
    {
        var gate = new HostGate(_time);
        Assert.NotNull(gate.TryAcquire(Ask("a", perHost: 3), out _));
        Assert.NotNull(gate.TryAcquire(Ask("a", perHost: 3), out _));

        // Job b allows 2 per host: two of a's are in flight already.
        Assert.Null(gate.TryAcquire(Ask("b", perHost: 2), out _));
        Assert.NotNull(gate.TryAcquire(Ask("a", perHost: 3), out _));
        Assert.Null(gate.TryAcquire(Ask("a", perHost: 3), out _));
        Assert.Equal(3, gate.InFlight);
    }

    [Fact]
    public void TryAcquire_Delay_CountsFromTheSend_AcrossJobs()
    {
        var gate = new HostGate(_time);
        var a = gate.TryAcquire(Ask("a", delayMs: 200, perHost: 4), out _)!.Value;
        Assert.True(a.ReportSent);

        // Not sent yet: no other turn, even with room under the limit and for another job.
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Null(gate.TryAcquire(Ask("b", delayMs: 200, perHost: 4), out _));

        gate.MarkSent(a.Lease, _time.GetUtcNow());
        Assert.Null(gate.TryAcquire(Ask("b", delayMs: 200, perHost: 4), out var retryIn));
        Assert.Equal(TimeSpan.FromMilliseconds(200), retryIn);
        _time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.Null(gate.TryAcquire(Ask("b", delayMs: 200, perHost: 4), out _));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.NotNull(gate.TryAcquire(Ask("b", delayMs: 200, perHost: 4), out _));
    }

    [Fact]
    public void TryAcquire_TheLargestDelayOfTheJobsHolds_AndIsForgottenWhenThatJobStopsAsking()
    {
        var gate = new HostGate(_time);
        Send(gate, gate.TryAcquire(Ask("slow", delayMs: 1000), out _)!.Value);
        _time.Advance(TimeSpan.FromMilliseconds(1000));
        var fast = gate.TryAcquire(Ask("fast", delayMs: 100), out _)!.Value;
        Send(gate, fast);

        // The slow job asked lately, so its 1 s holds for the fast job too.
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Null(gate.TryAcquire(Ask("fast", delayMs: 100), out var retryIn));
        Assert.Equal(TimeSpan.FromMilliseconds(500), retryIn);
        Assert.Equal(TimeSpan.FromSeconds(1), gate.Delay);

        // The slow job has not asked for longer than HostGate.Remember: its delay no longer counts.
        _time.Advance(HostGate.Remember + TimeSpan.FromSeconds(1));
        Assert.NotNull(gate.TryAcquire(Ask("fast", delayMs: 100), out _));
        Assert.Equal(TimeSpan.FromMilliseconds(100), gate.Delay);
    }

    [Fact]
    public void Release_NotBefore_HoldsEveryJob()
    {
        var gate = new HostGate(_time);
        var a = gate.TryAcquire(Ask("a"), out _)!.Value;
        gate.Release(a.Lease, _time.GetUtcNow() + TimeSpan.FromSeconds(5));

        Assert.Null(gate.TryAcquire(Ask("b"), out var retryIn));
        Assert.Equal(TimeSpan.FromSeconds(5), retryIn);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.NotNull(gate.TryAcquire(Ask("b"), out _));
    }

    [Fact]
    public void TryAcquire_ATurnNeverGivenBack_LapsesAfterItsHold()
    {
        var gate = new HostGate(_time);
        var lost = gate.TryAcquire(Ask("a", delayMs: 100), out _)!.Value;

        // Its holder's silo was killed: neither sent nor given back.
        _time.Advance(Hold - TimeSpan.FromMilliseconds(1));
        Assert.Null(gate.TryAcquire(Ask("b", delayMs: 100), out _));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.NotNull(gate.TryAcquire(Ask("b", delayMs: 100), out _));

        // Late messages about the lapsed turn change nothing.
        gate.MarkSent(lost.Lease, _time.GetUtcNow());
        gate.Release(lost.Lease);
        Assert.Equal(1, gate.InFlight);
    }

    [Fact]
    public void Release_WithoutASentReport_CountsTheDelayFromTheGiveBack()
    {
        var gate = new HostGate(_time);
        var a = gate.TryAcquire(Ask("a", delayMs: 300, perHost: 2), out _)!.Value;
        _time.Advance(TimeSpan.FromMilliseconds(400));
        gate.Release(a.Lease);

        Assert.Null(gate.TryAcquire(Ask("a", delayMs: 300, perHost: 2), out var retryIn));
        Assert.Equal(TimeSpan.FromMilliseconds(300), retryIn);
    }

    [Fact]
    public async Task AcquireAsync_WaitsForTheGiveBack_ThenGrants()
    {
        var gate = new HostGate(_time);
        var a = gate.TryAcquire(Ask("a"), out _)!.Value;

        var waiting = gate.AcquireAsync(Ask("b"), TimeSpan.FromSeconds(5));
        Assert.False(waiting.IsCompleted);
        gate.Release(a.Lease);

        var b = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(b);
        Assert.NotEqual(a.Lease, b.Value.Lease);
    }

    [Fact]
    public async Task AcquireAsync_NoTurnWithinTheWait_ReturnsNull()
    {
        var gate = new HostGate(_time);
        Assert.NotNull(gate.TryAcquire(Ask("a"), out _));

        var waiting = gate.AcquireAsync(Ask("b"), TimeSpan.FromSeconds(5));
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task AcquireAsync_WaitsOutTheDelay()
    {
        var gate = new HostGate(_time);
        Send(gate, gate.TryAcquire(Ask("a", delayMs: 200), out _)!.Value);

        var waiting = gate.AcquireAsync(Ask("b", delayMs: 200), TimeSpan.FromSeconds(5));
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(200));

        Assert.NotNull(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>The turn's request went out now and came back.</summary>
    private HostTurn Send(HostGate gate, HostTurn turn)
    {
        gate.MarkSent(turn.Lease, _time.GetUtcNow());
        gate.Release(turn.Lease);
        return turn;
    }
}
