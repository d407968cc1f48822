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
            new PageRecord("j", "http://a.test/d", "http://a.test/d", 200, 0, null, 0, "text/html", 10,
                new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), null, DuplicateOf: "http://a.test/", DuplicateDistance: 2),
        };
        using var stream = new MemoryStream();

        var count = await CsvResultWriter.WriteAsync(records.ToAsyncEnumerable(), stream);

        Assert.Equal(2, count);
        var lines = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("url,finalUrl,status,depth,title,outlinks,contentType,bytes,fetchedAt,error,canonical,noindex,duplicateOf,duplicateDistance", lines[0]);
        Assert.Equal("http://a.test/,http://a.test/,200,0,\"Comma, \"\"quote\"\"\",3,text/html,10,2026-11-25T12:00:00.0000000Z,,http://a.test/c,true,,", lines[1]);
        Assert.Equal("http://a.test/d,http://a.test/d,200,0,,0,text/html,10,2026-11-25T12:00:00.0000000Z,,,false,http://a.test/,2", lines[2]);
    }
}
