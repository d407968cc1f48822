using System.Globalization;
using System.Text;
using CsvHelper;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Infrastructure.Export;

/// <summary>Writes results as RFC 4180 CSV with a header row, the same fields as JSON Lines, streamed.</summary>
public static class CsvResultWriter
{
    public static async Task<long> WriteAsync(IAsyncEnumerable<PageRecord> records, Stream output, CancellationToken cancellationToken = default)
    {
        long count = 0;
        await using var text = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        await using var csv = new CsvWriter(text, CultureInfo.InvariantCulture);
        foreach (var header in new[] { "url", "finalUrl", "status", "depth", "title", "outlinks", "contentType", "bytes", "fetchedAt", "error", "canonical", "noindex" })
        {
            csv.WriteField(header);
        }

        await csv.NextRecordAsync();
        await foreach (var r in records.WithCancellation(cancellationToken))
        {
            csv.WriteField(r.Url);
            csv.WriteField(r.FinalUrl);
            csv.WriteField(r.Status);
            csv.WriteField(r.Depth);
            csv.WriteField(r.Title);
            csv.WriteField(r.Outlinks);
            csv.WriteField(r.ContentType);
            csv.WriteField(r.Bytes);
            csv.WriteField(r.FetchedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            csv.WriteField(r.Error);
            csv.WriteField(r.Canonical);
            csv.WriteField(r.NoIndex ? "true" : "false");
            await csv.NextRecordAsync();
            count++;
        }

        await csv.FlushAsync();
        return count;
    }
}
