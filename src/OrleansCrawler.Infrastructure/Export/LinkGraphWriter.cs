using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Infrastructure.Export;

/// <summary>Writes the link graph, an edge per line (from, to, anchor, rel, inScope), streamed page by page: CSV (RFC
/// 4180, a header row) or JSON Lines. The input a PageRank or a link analysis reads.</summary>
public static class LinkGraphWriter
{
    public static async Task<long> WriteCsvAsync(IAsyncEnumerable<PageOutlinks> pages, Stream output, CancellationToken cancellationToken = default)
    {
        long count = 0;
        await using var text = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        await using var csv = new CsvWriter(text, CultureInfo.InvariantCulture);
        foreach (var header in new[] { "from", "to", "anchor", "rel", "inScope" })
        {
            csv.WriteField(header);
        }

        await csv.NextRecordAsync();
        await foreach (var page in pages.WithCancellation(cancellationToken))
        {
            foreach (var link in page.Links)
            {
                csv.WriteField(page.Url);
                csv.WriteField(link.To);
                csv.WriteField(link.Anchor);
                csv.WriteField(link.Rel);
                csv.WriteField(link.InScope ? "true" : "false");
                await csv.NextRecordAsync();
                count++;
            }
        }

        await csv.FlushAsync();
        return count;
    }

    public static async Task<long> WriteJsonlAsync(IAsyncEnumerable<PageOutlinks> pages, Stream output, CancellationToken cancellationToken = default)
    {
        long count = 0;
        var newline = "\n"u8.ToArray();
        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        await foreach (var page in pages.WithCancellation(cancellationToken))
        {
            foreach (var link in page.Links)
            {
                writer.WriteStartObject();
                writer.WriteString("from", page.Url);
                writer.WriteString("to", link.To);
                writer.WriteString("anchor", link.Anchor);
                writer.WriteString("rel", link.Rel);
                writer.WriteBoolean("inScope", link.InScope);
                writer.WriteEndObject();
                await writer.FlushAsync(cancellationToken);
                writer.Reset();
                await output.WriteAsync(newline, cancellationToken);
                count++;
            }
        }

        await output.FlushAsync(cancellationToken);
        return count;
    }
}
