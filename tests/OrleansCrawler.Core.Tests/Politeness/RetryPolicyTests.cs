using Microsoft.Extensions.Time.Testing;
using OrleansCrawler.Core.Politeness;

namespace OrleansCrawler.Core.Tests.Politeness;

public class RetryPolicyTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static RetryOptions Options(int maxRetries = 3, int hostBudget = 100, int parkAfter = 100, int maxParks = 1) => new(
        maxRetries, hostBudget, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(5), parkAfter, TimeSpan.FromMinutes(2), maxParks);

    private static HostPoliteness Host() => new(TimeSpan.Zero, TimeSpan.FromSeconds(30));

    [Theory]
    [InlineData(200, null)]
    [InlineData(404, null)]
    [InlineData(301, null)]
    [InlineData(200, "too-large: body exceeds 10 bytes")]
    [InlineData(0, "slow-body: 3 bytes/s")]
    [InlineData(0, "private-address: x")]
    public void Decide_FinalOutcomes_AreDone(int status, string? error)
    {
        var host = Host();
        var decision = new RetryPolicy(Options(), 1).Decide(status, error, null, 0, host, _time.GetUtcNow());
        Assert.Equal(RetryAction.Done, decision.Action);
        Assert.Equal(0, host.ConsecutiveFailures);
    }

    [Theory]
    [InlineData(503, null)]
    [InlineData(500, null)]
    [InlineData(429, null)]
    [InlineData(0, "timeout: no response")]
    [InlineData(0, "connect: refused")]
    [InlineData(0, "truncated: ended early")]
    public void Decide_Transient_RetriesAfterBackoffAndDefersTheHost(int status, string? error)
    {
        var host = Host();
        var now = _time.GetUtcNow();
        var decision = new RetryPolicy(Options(), 1).Decide(status, error, null, 0, host, now);
        Assert.Equal(RetryAction.Retry, decision.Action);
        Assert.InRange(decision.Due - now, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));
        Assert.Equal(decision.Due, host.NextStart);
        Assert.Equal(1, host.RetriesUsed);
    }

    [Fact]
    public void Decide_BackoffGrowsExponentially_WithJitterInRange()
    {
        var policy = new RetryPolicy(Options(maxRetries: 100), 42);
        var host = Host();
        for (var n = 1; n <= 8; n++)
        {
            var now = _time.GetUtcNow();
            var decision = policy.Decide(503, null, null, 0, host, now);
            var full = Math.Min(Math.Pow(2, n - 1), 60);
            Assert.InRange((decision.Due - now).TotalSeconds, full / 2, full);
            _time.Advance(TimeSpan.FromMinutes(2));
        }
    }

    [Fact]
    public void Decide_SameSeed_SameJitter()
    {
        var a = new RetryPolicy(Options(), 7).Decide(503, null, null, 0, Host(), _time.GetUtcNow());
        var b = new RetryPolicy(Options(), 7).Decide(503, null, null, 0, Host(), _time.GetUtcNow());
        Assert.Equal(a.Due, b.Due);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public void Decide_RetryAfterSeconds_IsHonouredWhenLongerThanBackoff(int status)
    {
        var host = Host();
        var now = _time.GetUtcNow();
        var decision = new RetryPolicy(Options(), 1).Decide(status, null, "30", 0, host, now);
        Assert.Equal(now.AddSeconds(30), decision.Due);
        Assert.Equal(TimeSpan.FromSeconds(30), host.WaitTime(now));
    }

    [Fact]
    public void Decide_RetryAfterDate_IsHonoured()
    {
        var now = _time.GetUtcNow();
        var date = now.AddSeconds(45).ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        var decision = new RetryPolicy(Options(), 1).Decide(503, null, date, 0, Host(), now);
        Assert.Equal(now.AddSeconds(45), decision.Due);
    }

    [Fact]
    public void Decide_RetryAfterOn500_IsIgnored()
    {
        var now = _time.GetUtcNow();
        var decision = new RetryPolicy(Options(), 1).Decide(500, null, "30", 0, Host(), now);
        Assert.True(decision.Due - now <= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Decide_RetryAfterAboveMaximum_GivesTheHostUp()
    {
        var host = Host();
        var decision = new RetryPolicy(Options(), 1).Decide(429, null, "86400", 0, host, _time.GetUtcNow());
        Assert.Equal(RetryAction.GiveUp, decision.Action);
        Assert.True(host.IsGivenUp);
        Assert.StartsWith("host-given-up: Retry-After", decision.Reason);
    }

    [Fact]
    public void Decide_UrlRetryBudget_GivesUpAfterMaxRetries()
    {
        var policy = new RetryPolicy(Options(maxRetries: 2), 1);
        var host = Host();
        Assert.Equal(RetryAction.Retry, policy.Decide(503, null, null, 0, host, _time.GetUtcNow()).Action);
        Assert.Equal(RetryAction.Retry, policy.Decide(503, null, null, 1, host, _time.GetUtcNow()).Action);
        var last = policy.Decide(503, null, null, 2, host, _time.GetUtcNow());
        Assert.Equal(RetryAction.GiveUp, last.Action);
        Assert.Equal("retries-exhausted: 503 after 3 attempts", last.Reason);
        Assert.False(host.IsGivenUp);
    }

    [Fact]
    public void Decide_HostRetryBudget_IsSharedByItsUrls()
    {
        var policy = new RetryPolicy(Options(hostBudget: 2), 1);
        var host = Host();
        Assert.Equal(RetryAction.Retry, policy.Decide(503, null, null, 0, host, _time.GetUtcNow()).Action);
        Assert.Equal(RetryAction.Retry, policy.Decide(503, null, null, 0, host, _time.GetUtcNow()).Action);
        var third = policy.Decide(503, null, null, 0, host, _time.GetUtcNow());
        Assert.Equal(RetryAction.GiveUp, third.Action);
        Assert.StartsWith("host-retry-budget", third.Reason);
    }

    [Fact]
    public void Decide_FailureStreak_ParksThenGivesUp()
    {
        var policy = new RetryPolicy(Options(maxRetries: 100, parkAfter: 3, maxParks: 1), 1);
        var host = Host();
        policy.Decide(500, null, null, 0, host, _time.GetUtcNow());
        policy.Decide(500, null, null, 0, host, _time.GetUtcNow());
        Assert.Equal(HostStatus.Active, host.Status);
        var third = policy.Decide(500, null, null, 0, host, _time.GetUtcNow());
        Assert.Equal(HostStatus.Parked, host.Status);
        Assert.Equal(RetryAction.Retry, third.Action);
        Assert.True(host.WaitTime(_time.GetUtcNow()) >= TimeSpan.FromMinutes(2));

        // A success resets the streak; three more failures after that give up (one parking allowed).
        host.OnSuccess();
        policy.Decide(500, null, null, 0, host, _time.GetUtcNow());
        policy.Decide(500, null, null, 0, host, _time.GetUtcNow());
        var last = policy.Decide(500, null, null, 0, host, _time.GetUtcNow());
        Assert.Equal(RetryAction.GiveUp, last.Action);
        Assert.True(host.IsGivenUp);
        Assert.StartsWith("host-given-up: 3 failures in a row (last: 500)", last.Reason);
    }
}
