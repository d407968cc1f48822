using OrleansCrawler.Core.Robots;

namespace OrleansCrawler.Core.Tests.Robots;

public class RobotsPatternTests
{
    [Theory]
    [InlineData("private", "/private")]
    [InlineData("*.gif$", "*.gif$")]
    [InlineData("/a***b**", "/a*b*")]
    [InlineData("/%7ejoe/%e3%83%84 x", "/~joe/%E3%83%84%20x")]
    public void Normalize_RuleValue_IsRootedEscapedAndHasNoRunsOfStars(string value, string expected)
    {
        Assert.Equal(expected, RobotsPattern.Normalize(value));
    }

    [Theory]
    [InlineData("/a*b*c$", "/a-b-b-c", true)]
    [InlineData("/a*b*c$", "/a-b-b-cd", false)]
    [InlineData("/a", "/", false)]
    [InlineData("*", "", true)]
    [InlineData("$", "", true)]
    public void Matches_PatternAndPath_MatchesAPrefixOrTheWholeWhenAnchored(string pattern, string path, bool expected)
    {
        Assert.Equal(expected, RobotsPattern.Matches(pattern, path));
    }
}
