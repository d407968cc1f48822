using OrleansCrawler.Core.Safety;

namespace OrleansCrawler.Core.Tests.Safety;

public class TrapPolicyTests
{
    [Fact]
    public void Check_OrdinaryUrl_IsAllowed() =>
        Assert.Null(new TrapPolicy(TrapOptions.Default).Check("http://a.test/s3/p13.html", "a.test"));

    [Fact]
    public void Check_TooLong_IsRefused()
    {
        var policy = new TrapPolicy(TrapOptions.Default with { MaxUrlLength = 40 });
        Assert.Null(policy.Check("http://a.test/" + new string('x', 26), "a.test"));
        Assert.StartsWith("trap: url-too-long", policy.Check("http://a.test/" + new string('x', 27), "a.test"));
    }

    [Theory]
    [InlineData("http://a.test/a/b/a/b/a/b/a/b")]
    [InlineData("http://a.test/x/x/x/x/")]
    [InlineData("http://a.test/loop/x/x/x/x/x/page.html?q=1")]
    public void Check_RepeatedSegments_IsRefused(string url) =>
        Assert.StartsWith("trap: repeated-segments", new TrapPolicy(TrapOptions.Default).Check(url, "a.test"));

    [Fact]
    public void Check_ThreeRepeats_IsStillAllowed() =>
        Assert.Null(new TrapPolicy(TrapOptions.Default).Check("http://a.test/a/b/a/b/a/b", "a.test"));

    [Fact]
    public void Check_TooManySegments_IsRefused()
    {
        var url = "http://a.test/" + string.Join('/', Enumerable.Range(0, 33).Select(i => "s" + i));
        Assert.StartsWith("trap: too-many-segments", new TrapPolicy(TrapOptions.Default).Check(url, "a.test"));
    }

    [Fact]
    public void Check_CalendarQueries_AreCutAfterTheLimit_PerAuthority()
    {
        var policy = new TrapPolicy(TrapOptions.Default with { MaxQueryVariants = 5 });
        for (var month = 1; month <= 5; month++)
        {
            Assert.Null(policy.Check($"http://a.test/calendar?year=2026&month={month}", "a.test"));
        }

        Assert.StartsWith("trap: query-variants", policy.Check("http://a.test/calendar?year=2026&month=6", "a.test"));
        Assert.StartsWith("trap: query-variants", policy.Check("http://a.test/calendar?year=2027&month=12", "a.test"));
        Assert.Null(policy.Check("http://a.test/calendar?view=week", "a.test"));
        Assert.Null(policy.Check("http://b.test/calendar?year=2026&month=6", "b.test"));
    }

    [Fact]
    public void Check_PathCalendar_IsCutAfterTheLimit_PerAuthority()
    {
        var policy = new TrapPolicy(TrapOptions.Default with { MaxPathVariants = 24 });
        var accepted = 0;
        string? refusal = null;
        for (var month = 0; month < 1000 && refusal is null; month++)
        {
            refusal = policy.Check($"http://a.test/cal/{2026 + (month / 12)}/{(month % 12) + 1:00}/", "a.test");
            accepted += refusal is null ? 1 : 0;
        }

        Assert.Equal(24, accepted);
        Assert.Equal("trap: path-variants (more than 24 URLs like /cal/#/#/)", refusal);
        Assert.Null(policy.Check("http://a.test/cal/", "a.test"));
        Assert.Null(policy.Check("http://a.test/cal/2026/01/notes", "a.test"));
        Assert.Null(policy.Check("http://b.test/cal/2026/01/", "b.test"));
    }

    [Fact]
    public void Check_PathVariants_CountPathAndQueryShapeTogether()
    {
        var policy = new TrapPolicy(TrapOptions.Default with { MaxPathVariants = 2 });

        Assert.Null(policy.Check("http://a.test/item/1", "a.test"));
        Assert.Null(policy.Check("http://a.test/item/2", "a.test"));
        Assert.Null(policy.Check("http://a.test/item/3?view=full", "a.test"));
        Assert.StartsWith("trap: path-variants", policy.Check("http://a.test/item/4", "a.test"));
        Assert.Null(policy.Check("http://a.test/about", "a.test"));
    }

    [Fact]
    public void Check_NumberedPagesWithoutQuery_AreNeverQueryVariants()
    {
        var policy = new TrapPolicy(TrapOptions.Default with { MaxQueryVariants = 2 });
        for (var i = 0; i < 50; i++)
        {
            Assert.Null(policy.Check($"http://a.test/s{i % 10}/p{i}.html", "a.test"));
        }
    }

    [Fact]
    public void Check_HostPageBudget_CountsOnlyAllowedUrls()
    {
        var policy = new TrapPolicy(TrapOptions.Default with { HostPageBudget = 2, MaxUrlLength = 30 });
        Assert.Null(policy.Check("http://a.test/1", "a.test"));
        Assert.NotNull(policy.Check("http://a.test/" + new string('x', 40), "a.test"));
        Assert.Null(policy.Check("http://a.test/2", "a.test"));
        Assert.StartsWith("host-budget", policy.Check("http://a.test/3", "a.test"));
        Assert.Null(policy.Check("http://b.test/1", "b.test"));
    }
}
