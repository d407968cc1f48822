using OrleansCrawler.Core.Text;
using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Core.Tests.Urls;

public class DotSegmentsTests
{
    // RFC 3986 §5.2.4 and §5.4.2 examples, plus the edges of the in-place rewrite.
    [Theory]
    [InlineData("/a/b/c/./../../g", "/a/g")]
    [InlineData("/mid/content=5/../6", "/mid/6")]
    [InlineData("/a/b/..", "/a/")]
    [InlineData("/a/b/.", "/a/b/")]
    [InlineData("/../../g", "/g")]
    [InlineData("/..", "/")]
    [InlineData("/g.", "/g.")]
    [InlineData("/..g/.g", "/..g/.g")]
    [InlineData("/a//../b", "/a/b")]
    [InlineData("", "/")]
    public void Remove_Path_RemovesDotSegments(string path, string expected)
    {
        Assert.Equal(expected, RemoveAfter(string.Empty, path));
    }

    [Fact]
    public void Remove_PathAfterPrefix_LeavesThePrefixAlone()
    {
        Assert.Equal("http://h/x", RemoveAfter("http://h", "/../x"));
        Assert.Equal("http://h/", RemoveAfter("http://h", string.Empty));
    }

    private static string RemoveAfter(string prefix, string path)
    {
        var sb = new ValueStringBuilder(stackalloc char[64]);
        try
        {
            sb.Append(prefix);
            sb.Append(path);
            DotSegments.Remove(ref sb, prefix.Length);
            return sb.ToString();
        }
        finally
        {
            sb.Dispose();
        }
    }
}
