using OrleansCrawler.Core.Crawling;

namespace OrleansCrawler.Core.Tests.Crawling;

public class CompletionDetectorTests
{
    [Fact]
    public void Observe_SingleIdleWave_IsNotDone()
    {
        var detector = new CompletionDetector();
        Assert.False(detector.Observe([(true, 5), (true, 3)]));
    }

    [Fact]
    public void Observe_TwoIdleWavesWithSameCounts_IsDone()
    {
        var detector = new CompletionDetector();
        detector.Observe([(true, 5), (true, 3)]);
        Assert.True(detector.Observe([(true, 5), (true, 3)]));
    }

    [Fact]
    public void Observe_IdleWavesButCountChanged_IsNotDone()
    {
        // Partition 0 looked idle, got links from partition 1 and finished them before the next wave:
        // both waves look idle, only the accepted count reveals the hidden work.
        var detector = new CompletionDetector();
        detector.Observe([(true, 5), (true, 3)]);
        Assert.False(detector.Observe([(true, 7), (true, 3)]));
        Assert.True(detector.Observe([(true, 7), (true, 3)]));
    }

    [Fact]
    public void Observe_BusyPartitionBetweenIdleWaves_IsNotDone()
    {
        var detector = new CompletionDetector();
        detector.Observe([(true, 5), (true, 3)]);
        Assert.False(detector.Observe([(true, 5), (false, 3)]));
        Assert.False(detector.Observe([(true, 5), (true, 3)]));
        Assert.True(detector.Observe([(true, 5), (true, 3)]));
    }

    [Fact]
    public void LastWaveAllIdle_SaysWhetherAConfirmingWaveIsWorthRunning()
    {
        var detector = new CompletionDetector();
        detector.Observe([(true, 5), (false, 3)]);
        Assert.False(detector.LastWaveAllIdle);
        detector.Observe([(true, 5), (true, 3)]);
        Assert.True(detector.LastWaveAllIdle);
    }

    [Fact]
    public void Hint_BeforeAnyWave_AsksForAWave()
        => Assert.True(new CompletionDetector().Hint(0, 1));

    [Fact]
    public void Hint_LastBusyPartitionGoesIdle_AsksForAWave()
    {
        var detector = new CompletionDetector();
        detector.Observe([(true, 5), (false, 3), (false, 1)]);
        Assert.False(detector.Hint(1, 4));
        Assert.True(detector.Hint(2, 1));
    }

    [Fact]
    public void Hint_AlreadySeenByTheLastWave_IsStale()
    {
        var detector = new CompletionDetector();
        detector.Observe([(true, 5), (true, 3)]);
        Assert.False(detector.Hint(1, 3));
        Assert.True(detector.Hint(1, 4));
    }

    [Fact]
    public void Hint_NeverCompletesTheCrawlByItself()
    {
        // Partition 1 reads idle in wave 1, gets links and finishes them, says so with its new count; the waves' own
        // counts still differ, so the next wave cannot be the confirming one (hidden work could be behind it).
        var detector = new CompletionDetector();
        detector.Observe([(true, 5), (true, 3)]);
        detector.Hint(1, 6);
        Assert.False(detector.Observe([(true, 5), (true, 6)]));
        Assert.True(detector.Observe([(true, 5), (true, 6)]));
    }

    [Fact]
    public void Hint_OutOfRangePartition_AsksForAWave()
    {
        var detector = new CompletionDetector();
        detector.Observe([(false, 5)]);
        Assert.True(detector.Hint(3, 1));
    }
}

public class ErrorKindTests
{
    [Theory]
    [InlineData(0, "timeout: no complete response within 30 s", "timeout")]
    [InlineData(0, "connect: Connection refused (127.0.0.1:9)", "connect")]
    [InlineData(0, "weird", "weird")]
    [InlineData(404, null, "http-404")]
    [InlineData(503, null, "http-503")]
    [InlineData(200, null, null)]
    [InlineData(301, null, null)]
    public void Of_ClassifiesFetchOutcomes(int status, string? error, string? expected)
        => Assert.Equal(expected, ErrorKind.Of(status, error));
}
