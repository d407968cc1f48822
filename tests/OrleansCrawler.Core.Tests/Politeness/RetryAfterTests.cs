using OrleansCrawler.Core.Politeness;

namespace OrleansCrawler.Core.Tests.Politeness;

public class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0", 0)]
    [InlineData("120", 120)]
    [InlineData(" 5 ", 5)]
    [InlineData("Wed, 25 Nov 2026 12:00:30 GMT", 30)]
    [InlineData("Wednesday, 25-Nov-26 12:01:00 GMT", 60)]
    [InlineData("Wed Nov 25 12:00:10 2026", 10)]
    [InlineData("Wed, 25 Nov 2026 11:00:00 GMT", 0)]
    public void TryParse_SecondsAndDates(string value, int seconds)
    {
        Assert.True(RetryAfter.TryParse(value, Now, out var wait));
        Assert.Equal(TimeSpan.FromSeconds(seconds), wait);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("soon")]
    [InlineData("99999999999999")]
    public void TryParse_Malformed_IsFalse(string? value) => Assert.False(RetryAfter.TryParse(value, Now, out _));
}
