using OrleansCrawler.Bench.Measurement;
using OrleansCrawler.Bench.Reporting;

namespace OrleansCrawler.Bench.Tests;

public sealed class SteadyRateTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void RateBetweenTheFirstPollsAt10And90Percent_WithTheRampAndTailAroundIt()
    {
        // 1,000 URLs: a slow start (100 settled at 4 s), 800 more in 4 s, then a slow end (the job over at 12 s).
        (TimeSpan, long)[] polls = [(S(1), 0), (S(2), 40), (S(4), 100), (S(5), 300), (S(7), 700), (S(8), 900), (S(10), 990)];

        var steady = SteadyRate.Of(polls, 1000, S(12));

        Assert.NotNull(steady);
        Assert.Equal(800 / 4.0, steady.Rate, 9);
        Assert.Equal((S(4), S(4)), (steady.Ramp, steady.Tail));
    }

    [Fact]
    public void TooFewPollsToTell_GiveNone()
    {
        Assert.Null(SteadyRate.Of([], 1000, S(1)));
        Assert.Null(SteadyRate.Of([(S(1), 950)], 1000, S(2))); // 10 % and 90 % first seen in one poll
        Assert.Null(SteadyRate.Of([(S(1), 100), (S(2), 500)], 1000, S(3))); // never saw 90 %
        Assert.Null(SteadyRate.Of([(S(1), 0)], 0, S(1)));
    }

    [Fact]
    public void ScalingTable_GivesTheSteadyEfficiency_OnlyWhereBothRowsHaveASteadyRate()
    {
        BenchResult Row(int silos, double wall, double? steady) =>
            new BenchResult(Workload.Io, $"orleans-{silos}", 1000, wall, 1, 1, "ok", true, Silos: silos) { SteadyRate = steady };

        var rows = ScalingTable.Of([Row(1, 10, 100), Row(2, 6, 190), Row(3, 4, null)]);

        Assert.Equal([1.0, 0.833333, 0.833333], rows.Select(r => Math.Round(r.Efficiency, 6)));
        Assert.Equal([1.0, 0.95, null], rows.Select(r => r.SteadyEfficiency is { } e ? Math.Round(e, 6) : (double?)null));
        Assert.Contains("(10-90 %: 0.95)", ScalingTable.ToText([Row(1, 10, 100), Row(2, 6, 190)]), StringComparison.Ordinal);
    }
}
