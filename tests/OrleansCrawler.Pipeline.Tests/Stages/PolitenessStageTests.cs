using Microsoft.Extensions.Time.Testing;
using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Pipeline.Partitions;
using OrleansCrawler.Pipeline.Stages;
using OrleansCrawler.Pipeline.Tests.Fakes;

namespace OrleansCrawler.Pipeline.Tests.Stages;

public sealed class PolitenessStageTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-06T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly PartitionControl _control = new();

    private PolitenessStage Stage(SemaphoreSlim slots) => new(slots, _control, _time, default);

    [Fact]
    public async Task SecondRequestToAHost_WaitsForTheFirstToGoOut_ThenForTheDelay()
    {
        using var slots = new SemaphoreSlim(4);
        var stage = Stage(slots);
        var host = new HostPoliteness(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        var first = Make.Url("http://a.test/1", host: host);
        var second = Make.Url("http://a.test/2", host: host);

        Assert.Null(await stage.RunAsync(first));
        Assert.True(first.HoldsSlot);
        var waiting = stage.RunAsync(second).AsTask();
        await Eventually.StillPending(waiting); // the first request has not gone out
        _time.Advance(TimeSpan.FromSeconds(5));
        first.Sent!.MarkNow(); // it goes out now: the delay counts from here
        var sent = _time.GetUtcNow();
        await Eventually.StillPending(waiting);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        await Eventually.StillPending(waiting);
        // The waiting worker reads the clock and then sets its timer, on another thread: step until it is granted, and
        // it must be no earlier than the delay after the send (and not much later).
        for (var i = 0; i < 2000 && !waiting.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            await Task.Delay(i < 5 ? 20 : 1);
        }

        Assert.Null(await Eventually.Completes(waiting));
        var granted = _time.GetUtcNow() - sent;
        Assert.InRange(granted, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.True(second.HoldsSlot);
        Assert.Equal(2, slots.CurrentCount);
    }

    [Fact]
    public async Task WithNoDelay_NothingIsMarkedOrWaitedFor_ButTheJobsSlotsCap()
    {
        using var slots = new SemaphoreSlim(1);
        var stage = Stage(slots);
        var first = Make.Url("http://a.test/1");
        var other = Make.Url("http://b.test/1");

        Assert.Null(await stage.RunAsync(first));
        Assert.Null(first.Sent);
        var waiting = stage.RunAsync(other).AsTask();
        await Eventually.StillPending(waiting);
        first.ReleaseSlot();
        first.ReleaseSlot(); // given back once only

        Assert.Null(await Eventually.Completes(waiting));
        Assert.Equal(0, slots.CurrentCount);
    }

    [Fact]
    public async Task HostGivenUpWhileWaiting_StoresTheUrlAsFailed_AndHoldsNoSlot()
    {
        using var slots = new SemaphoreSlim(1);
        var stage = Stage(slots);
        var host = new HostPoliteness(TimeSpan.Zero, TimeSpan.FromSeconds(30));
        host.Defer(_time.GetUtcNow() + TimeSpan.FromSeconds(10)); // Retry-After
        var url = Make.Url("http://a.test/1", host: host);

        var waiting = stage.RunAsync(url).AsTask();
        await Eventually.StillPending(waiting);
        host.GiveUp("host-given-up: 10 failures in a row (last: 503) after 1 parking(s)");
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(StageStop.Store(CrawlOutcome.Failed, "host-given-up: 10 failures in a row (last: 503) after 1 parking(s)"),
            await Eventually.Completes(waiting));
        Assert.False(url.HoldsSlot);
        Assert.Equal(1, slots.CurrentCount);
    }

    [Fact]
    public async Task JobStoppedWhileWaiting_SkipsTheUrl()
    {
        using var slots = new SemaphoreSlim(1);
        var stage = Stage(slots);
        var host = new HostPoliteness(TimeSpan.Zero, TimeSpan.FromSeconds(30));
        host.Defer(_time.GetUtcNow() + TimeSpan.FromSeconds(10));

        var waiting = stage.RunAsync(Make.Url("http://a.test/1", host: host)).AsTask();
        _control.Stopped = true;
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(StageStop.Settle(CrawlOutcome.Skipped, StageStop.JobStopped), await Eventually.Completes(waiting));
    }

    [Fact]
    public async Task TwoJobs_OneHost_SharedGate_SecondJobWaitsForTheFirstsTurnToGoBack()
    {
        var gates = new MemoryHostGates(_time);
        using var slotsA = new SemaphoreSlim(4);
        using var slotsB = new SemaphoreSlim(4);
        var jobA = new PolitenessStage(slotsA, _control, _time, default, gates, new HostTurnPolicy("a", 1, TimeSpan.FromSeconds(30)));
        var jobB = new PolitenessStage(slotsB, _control, _time, default, gates, new HostTurnPolicy("b", 1, TimeSpan.FromSeconds(30)));
        // Each job keeps its own clock for the host, with no delay: only the shared gate can hold job b.
        var first = Make.Url("http://a.test/1", host: new HostPoliteness(TimeSpan.Zero, TimeSpan.FromSeconds(30)));
        var second = Make.Url("http://a.test/1", host: new HostPoliteness(TimeSpan.Zero, TimeSpan.FromSeconds(30)));

        Assert.Null(await jobA.RunAsync(first));
        Assert.Equal(1, gates.Gate(first.Entry.Authority).InFlight);
        var waiting = jobB.RunAsync(second).AsTask();
        await Eventually.StillPending(waiting);

        first.ReleaseSlot();
        first.ReleaseTurn(_time.GetUtcNow());
        Assert.Null(await Eventually.Completes(waiting));
        Assert.True(second.HoldsSlot);
        Assert.Equal(1, gates.Gate(first.Entry.Authority).InFlight);
        second.ReleaseTurn(_time.GetUtcNow());
        Assert.Equal(0, gates.Gate(first.Entry.Authority).InFlight);
    }
}
