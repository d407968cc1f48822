using OrleansCrawler.TestSite.Rendering;

namespace OrleansCrawler.TestSite.Tests;

public sealed class HrefWriterTests
{
    [Theory]
    [InlineData("/s3/", "/s3/p17.html", "p17.html")]
    [InlineData("/s3/", "/s5/p25.html", "../s5/p25.html")]
    [InlineData("/s3/", "/", "../")]
    [InlineData("/", "/", "./")]
    [InlineData("/", "/s1/p1.html", "s1/p1.html")]
    [InlineData("/private/open/", "/private/p5.html", "../p5.html")]
    [InlineData("/s1/", "/s10/p10.html", "../s10/p10.html")]
    public void WriteRelative_ResolvesBackToTheTarget(string baseDir, string target, string expected)
    {
        var buffer = new char[200];
        string relative = new(buffer, 0, HrefWriter.WriteRelative(baseDir, target, buffer));

        Assert.Equal(expected, relative);
        Assert.Equal(target, new Uri(new Uri("http://h" + baseDir), relative).AbsolutePath);
    }
}
