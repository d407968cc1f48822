using OrleansCrawler.Core.Results;
using OrleansCrawler.Infrastructure.Export;

namespace OrleansCrawler.Infrastructure.Tests.Export;

public class CsvResultWriterTests
{
    [Fact]
    public async Task WriteAsync_HeaderAndQuotedFields()
    {
        var records = new[]
        {
            new PageRecord("j", "http://a.test/", "http://a.test/", 200, 0, "Comma, \"quote\"", 3, "text/html", 10,
                new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), null, "http://a.test/c", true),
        };
        using var stream = new MemoryStream();

        var count = await CsvResultWriter.WriteAsync(records.ToAsyncEnumerable(), stream);

        Assert.Equal(1, count);
        var lines = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("url,finalUrl,status,depth,title,outlinks,contentType,bytes,fetchedAt,error,canonical,noindex", lines[0]);
        Assert.Equal("http://a.test/,http://a.test/,200,0,\"Comma, \"\"quote\"\"\",3,text/html,10,2026-11-25T12:00:00.0000000Z,,http://a.test/c,true", lines[1]);
    }
}
