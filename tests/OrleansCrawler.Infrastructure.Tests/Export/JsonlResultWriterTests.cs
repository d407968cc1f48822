using System.Text.Json;
using OrleansCrawler.Core.Content;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Infrastructure.Export;

namespace OrleansCrawler.Infrastructure.Tests.Export;

public class JsonlResultWriterTests
{
    [Fact]
    public async Task WriteAsync_WithContent_AddsItToTheResultOfTheSameUrl_UnderItsFormatsName()
    {
        PageRecord Result(string url) => new("j", url, url, 200, 0, null, 0, "text/html", 10, DateTimeOffset.UnixEpoch, null);
        var records = new[] { Result("http://a.test/a"), Result("http://a.test/b"), Result("http://a.test/d") };
        var content = new[]
        {
            new PageContent("j", "http://a.test/0", ContentFormat.Text, "no result for this one", null, 5),
            new PageContent("j", "http://a.test/b", ContentFormat.Markdown, "# B\n\ntext", "en", 2),
            new PageContent("j", "http://a.test/c", ContentFormat.Text, "no result either", null, 3),
            new PageContent("j", "http://a.test/d", ContentFormat.Html, "<p>D</p>", null, 1),
        };
        using var stream = new MemoryStream();

        Assert.Equal(3, await JsonlResultWriter.WriteAsync(records.ToAsyncEnumerable(), stream, content: content.ToAsyncEnumerable()));

        var lines = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.False(lines[0].TryGetProperty("text", out _) || lines[0].TryGetProperty("markdown", out _) || lines[0].TryGetProperty("words", out _));
        Assert.Equal(("# B\n\ntext", "en", 2), (lines[1].GetProperty("markdown").GetString(), lines[1].GetProperty("language").GetString(), lines[1].GetProperty("words").GetInt32()));
        Assert.Equal("<p>D</p>", lines[2].GetProperty("html").GetString());
        Assert.Equal(JsonValueKind.Null, lines[2].GetProperty("language").ValueKind);
    }

    [Fact]
    public async Task WriteAsync_OneObjectPerLineWithEveryField()
    {
        var records = new[]
        {
            new PageRecord("j", "http://a.test/", "http://a.test/", 200, 0, "Home \"page\"", 12, "text/html; charset=utf-8", 2048,
                new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), null, "http://a.test/home", true),
            new PageRecord("j", "http://a.test/gone", "http://a.test/gone", 0, 1, null, 0, null, 0,
                new DateTimeOffset(2026, 11, 25, 12, 0, 1, TimeSpan.Zero), "connect: refused"),
        };
        using var stream = new MemoryStream();

        var count = await JsonlResultWriter.WriteAsync(records.ToAsyncEnumerable(), stream);

        Assert.Equal(2, count);
        var lines = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        var root = first.RootElement;
        Assert.Equal("http://a.test/", root.GetProperty("url").GetString());
        Assert.Equal("http://a.test/", root.GetProperty("finalUrl").GetString());
        Assert.Equal(200, root.GetProperty("status").GetInt32());
        Assert.Equal(0, root.GetProperty("depth").GetInt32());
        Assert.Equal("Home \"page\"", root.GetProperty("title").GetString());
        Assert.Equal(12, root.GetProperty("outlinks").GetInt32());
        Assert.Equal("text/html; charset=utf-8", root.GetProperty("contentType").GetString());
        Assert.Equal(2048, root.GetProperty("bytes").GetInt64());
        Assert.Equal(records[0].FetchedAt, root.GetProperty("fetchedAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("error").ValueKind);
        Assert.Equal("http://a.test/home", root.GetProperty("canonical").GetString());
        Assert.True(root.GetProperty("noindex").GetBoolean());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("canonical").ValueKind);
        Assert.False(second.RootElement.GetProperty("noindex").GetBoolean());
        Assert.Equal("connect: refused", second.RootElement.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("title").ValueKind);
    }
}
