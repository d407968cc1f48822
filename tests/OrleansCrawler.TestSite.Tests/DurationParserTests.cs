using OrleansCrawler.TestSite.Hosting;

namespace OrleansCrawler.TestSite.Tests;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("50ms", 50)]
    [InlineData("1s", 1000)]
    [InlineData("1.5s", 1500)]
    [InlineData("250", 250)]
    [InlineData("0", 0)]
    [InlineData("2m", 120_000)]
    public void TryParse_AcceptsUnitsAndBareMilliseconds(string text, int milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData("ms")]
    [InlineData("5 minutes")]
    public void TryParse_RejectsOtherText(string text) => Assert.False(DurationParser.TryParse(text, out _));
}
