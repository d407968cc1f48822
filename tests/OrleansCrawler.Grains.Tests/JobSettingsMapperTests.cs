using OrleansCrawler.Abstractions.Jobs;
using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Grains.Jobs;

namespace OrleansCrawler.Grains.Tests;

/// <summary>The politeness and duplicate parts of the spec-to-settings mapping: the CLI's adaptive default reaches the crawl, a spec
/// built in code keeps its fixed delay.</summary>
public class JobSettingsMapperTests
{
    private static JobSpec Spec() => new(["http://127.0.0.1:9/"], 0, -1, ScopeKind.Host, [], [], 4, 2, 4, JobSpec.DefaultUserAgent);

    [Fact]
    public void AdaptiveDelay_MapsToTheDefaultAdaptiveDelay_AndHostsGetIt()
    {
        var politeness = (Spec() with { AdaptiveDelay = true }).ToSettings().Politeness;

        Assert.Equal(AdaptiveDelay.Default, politeness.Adaptive);
        Assert.True(politeness.NewHost("127.0.0.1:9").IsAdaptive);
        Assert.Equal(AdaptiveDelay.Default.Floor, politeness.NewHost("127.0.0.1:9").Delay);
    }

    [Fact]
    public void SpecBuiltInCode_KeepsItsFixedDelay()
    {
        var none = Spec().ToSettings().Politeness;
        var fixedDelay = (Spec() with { MinDelay = TimeSpan.FromMilliseconds(250) }).ToSettings().Politeness;

        Assert.Null(none.Adaptive);
        Assert.Equal(TimeSpan.Zero, none.NewHost("127.0.0.1:9").Delay);
        Assert.False(fixedDelay.NewHost("127.0.0.1:9").IsAdaptive);
        Assert.Equal(TimeSpan.FromMilliseconds(250), fixedDelay.NewHost("127.0.0.1:9").Delay);
    }

    [Fact]
    public void Duplicates_OffByDefault_SkipImpliesDetection()
    {
        Assert.False(Spec().ToSettings().Dedup);
        Assert.Equal((true, false), ((Spec() with { Dedup = true }).ToSettings() is var d ? (d.Dedup, d.SkipDuplicates) : default));
        Assert.Equal((true, true), ((Spec() with { SkipDuplicates = true }).ToSettings() is var s ? (s.Dedup, s.SkipDuplicates) : default));
    }
}
