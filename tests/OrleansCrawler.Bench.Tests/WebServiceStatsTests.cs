using OrleansCrawler.Bench.Throughput.Processes;

namespace OrleansCrawler.Bench.Tests;

public class WebServiceStatsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Read_CountsOnlyTheWindow_AndSkipsALineCutShort()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "requests.tsv");
        File.WriteAllLines(path,
        [
            Line(T0.AddSeconds(-1), 50),          // before the window
            Line(T0.AddSeconds(0.5), 50),
            Line(T0.AddSeconds(1.0), 60),
            Line(T0.AddSeconds(1.5), 70),
            Line(T0.AddSeconds(3), 50),           // after it
            "2026-11-25T12:00:01.9000000+00:00\t127.0.0.1:1", // cut short by a flush in progress
        ]);

        var stats = WebServiceStats.Read(path, T0, T0.AddSeconds(2));

        Assert.NotNull(stats);
        Assert.Equal(3, stats.Requests);
        Assert.Equal(60, stats.MeanResponse.TotalMilliseconds, precision: 6);
        // 180 ms of responses over a 2 s window.
        Assert.Equal(0.09, stats.MeanInFlight, precision: 6);
        Assert.Equal(60, stats.P95Response.TotalMilliseconds, precision: 6);
        Assert.Contains("3 requests", stats.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InFlightByQuarter_SplitsAResponseOverTheQuartersItSpansAndCutsItAtTheEnd()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "requests.tsv");
        File.WriteAllLines(path,
        [
            Line(T0.AddSeconds(0.1), 200),  // quarter 1 only: 0.2 s
            Line(T0.AddSeconds(0.9), 400),  // 0.1 s in quarter 1, 0.3 s in quarter 2
            Line(T0.AddSeconds(3.5), 1000), // 0.5 s in quarter 4, the rest after the window
        ]);

        var stats = WebServiceStats.Read(path, T0, T0.AddSeconds(4));

        Assert.NotNull(stats);
        Assert.Equal(4, stats.InFlightByQuarter.Count);
        Assert.Equal(0.3, stats.InFlightByQuarter[0], precision: 6);
        Assert.Equal(0.3, stats.InFlightByQuarter[1], precision: 6);
        Assert.Equal(0.0, stats.InFlightByQuarter[2], precision: 6);
        Assert.Equal(0.5, stats.InFlightByQuarter[3], precision: 6);
        Assert.Contains("by quarter 0.3 / 0.3 / 0.0 / 0.5", stats.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoFileOrNothingInTheWindow_IsNull()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "requests.tsv");

        Assert.Null(WebServiceStats.Read(path, T0, T0.AddSeconds(1)));
        File.WriteAllLines(path, [Line(T0.AddSeconds(5), 50)]);
        Assert.Null(WebServiceStats.Read(path, T0, T0.AddSeconds(1)));
    }

    private static string Line(DateTimeOffset time, int ms) =>
        string.Join('\t', time.ToString("O", System.Globalization.CultureInfo.InvariantCulture), "127.0.0.1:1", "/p/1.html", "200", "1",
            TimeSpan.FromMilliseconds(ms).ToString("c", System.Globalization.CultureInfo.InvariantCulture));
}
