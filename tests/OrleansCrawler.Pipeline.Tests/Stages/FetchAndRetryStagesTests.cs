using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Safety;
using OrleansCrawler.Pipeline.Stages;
using OrleansCrawler.Pipeline.Tests.Fakes;

namespace OrleansCrawler.Pipeline.Tests.Stages;

public sealed class FetchAndRetryStagesTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Fetch_ReturnsTheResult_GivesTheSlotBack_AndMarksTheRequestSent()
    {
        var fetcher = new FakeFetcher(url => FakeFetcher.Html(url, "<title>x</title>"));
        using var slots = new SemaphoreSlim(1);
        var url = Make.Url("http://a.test/1");
        await slots.WaitAsync();
        url.Granted(slots, new RequestSent(_time));

        var result = await new FetchStage(fetcher, AddressPolicy.AllowAll, 3, "silo", _time, default).RunAsync(url);

        Assert.Equal(200, result.Status);
        Assert.Equal(["http://a.test/1"], fetcher.Requests.Select(u => u.AbsoluteUri));
        Assert.False(url.HoldsSlot);
        Assert.Equal(1, slots.CurrentCount);
        Assert.True(url.Sent!.IsSent); // the port's default marks it when the fetch ends
    }

    [Fact]
    public async Task Fetch_GivesItsDurationToTheHostsClock_AnAdaptiveDelayFollowsIt()
    {
        var gate = new TaskCompletionSource();
        var fetcher = new FakeFetcher(url => FakeFetcher.Html(url, "<title>x</title>")) { Gate = gate };
        var host = new HostPoliteness(TimeSpan.Zero, TimeSpan.FromSeconds(30), AdaptiveDelay.Default);
        var url = Make.Url("http://a.test/1", host: host);

        var fetching = new FetchStage(fetcher, AddressPolicy.AllowAll, 0, "silo", _time, default).RunAsync(url);
        _time.Advance(TimeSpan.FromSeconds(2)); // the server takes 2 s to answer
        gate.SetResult();
        await fetching;

        Assert.Equal(TimeSpan.FromSeconds(6), host.Delay);
    }

    [Fact]
    public async Task Fetch_ThatThrows_StillGivesTheSlotBack()
    {
        var fetcher = new FakeFetcher(_ => throw new InvalidOperationException("fetcher bug"));
        using var slots = new SemaphoreSlim(1);
        var url = Make.Url("http://a.test/1");
        await slots.WaitAsync();
        url.Granted(slots, null);

        await Assert.ThrowsAsync<InvalidOperationException>(() => new FetchStage(fetcher, AddressPolicy.AllowAll, 0, "silo", _time, default).RunAsync(url));

        Assert.Equal(1, slots.CurrentCount);
    }

    [Fact]
    public void Retry_A503IsRetriedLater_A404IsDone_AndAnEndlessRetryAfterGivesTheHostUp()
    {
        var stage = new RetryStage(new RetryPolicy(RetryOptions.Default, 1), _time, NullLogger.Instance);
        var host = new HostPoliteness(TimeSpan.Zero, TimeSpan.FromSeconds(30));
        var url = Make.Url("http://a.test/1", host: host);

        var busy = stage.Decide(url, FakeFetcher.Status(url.Url, 503, retryAfter: "20"));
        var missing = stage.Decide(url, FakeFetcher.Status(url.Url, 404));
        var never = stage.Decide(url, FakeFetcher.Status(url.Url, 503, retryAfter: "86400"));

        Assert.Equal(RetryAction.Retry, busy.Action);
        Assert.True(busy.Due >= _time.GetUtcNow() + TimeSpan.FromSeconds(20));
        Assert.Equal(RetryAction.Done, missing.Action);
        Assert.Equal(RetryAction.GiveUp, never.Action);
        Assert.True(host.IsGivenUp);
    }
}
