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
