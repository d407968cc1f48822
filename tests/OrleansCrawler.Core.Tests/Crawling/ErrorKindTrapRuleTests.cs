using OrleansCrawler.Core.Crawling;

namespace OrleansCrawler.Core.Tests.Crawling;

public class ErrorKindTrapRuleTests
{
    [Theory]
    [InlineData(0, "trap: path-variants (more than 1000 URLs like /cal/#/#/)", "trap/path-variants")]
    [InlineData(0, "trap: query-variants (more than 100 URLs like /c?m=#)", "trap/query-variants")]
    [InlineData(0, "trap: url-too-long (3000 > 2048 characters)", "trap/url-too-long")]
    [InlineData(0, "trap: repeated-segments ('a' 4 times)", "trap/repeated-segments")]
    [InlineData(0, "host-budget: 10 URLs of a.test already fetched", "host-budget")]
    [InlineData(0, "timeout: connect", "timeout")]
    [InlineData(503, null, "http-503")]
    [InlineData(200, null, null)]
    public void Of_TrapRefusals_CountByRule(int status, string? error, string? expected)
    {
        Assert.Equal(expected, ErrorKind.Of(status, error));
    }
}
