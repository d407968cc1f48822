using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using OrleansCrawler.Core.Fields;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Infrastructure.Export;

/// <summary>Writes results as RFC 4180 CSV with a header row, the same fields as JSON Lines, streamed. With an
/// <c>--extract</c> crawl's fields and their names (from the job's rules), each field is a column <c>fields.NAME</c>
/// (a string as is, a number as digits, a list as a JSON array, absent as empty), then <c>missingFields</c> and
/// <c>fieldErrors</c>; <paramref name="onlyWithFields"/> leaves out pages without fields.</summary>
public static class CsvResultWriter
{
    public static async Task<long> WriteAsync(IAsyncEnumerable<PageRecord> records, Stream output, CancellationToken cancellationToken = default,
        IAsyncEnumerable<PageFields>? fields = null, IReadOnlyList<string>? fieldNames = null, bool onlyWithFields = false)
    {
        long count = 0;
        var names = fieldNames ?? [];
        var withFields = fields is not null && names.Count > 0;
        await using var fieldRows = new UrlOrderedCursor<PageFields>(withFields ? fields : null, f => f.Url, cancellationToken);
        await using var text = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        await using var csv = new CsvWriter(text, CultureInfo.InvariantCulture);
        foreach (var header in new[] { "url", "finalUrl", "status", "depth", "title", "outlinks", "contentType", "bytes", "fetchedAt", "error", "canonical", "noindex", "duplicateOf", "duplicateDistance" })
        {
            csv.WriteField(header);
        }

        if (withFields)
        {
            foreach (var name in names)
            {
                csv.WriteField("fields." + name);
            }

            csv.WriteField("missingFields");
            csv.WriteField("fieldErrors");
        }

        await csv.NextRecordAsync();
        await foreach (var r in records.WithCancellation(cancellationToken))
        {
            var pageFields = withFields ? await fieldRows.AtAsync(r.Url) : null;
            if (onlyWithFields && pageFields is null)
            {
                continue;
            }

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
            csv.WriteField(r.DuplicateOf);
            csv.WriteField(r.DuplicateOf is null ? "" : r.DuplicateDistance.ToString(CultureInfo.InvariantCulture));
            if (withFields)
            {
                WriteFields(csv, names, pageFields);
            }

            await csv.NextRecordAsync();
            count++;
        }

        await csv.FlushAsync();
        return count;
    }

    private static void WriteFields(CsvWriter csv, IReadOnlyList<string> names, PageFields? fields)
    {
        using var json = fields is null ? null : JsonDocument.Parse(fields.Json);
        foreach (var name in names)
        {
            csv.WriteField(json is not null && json.RootElement.TryGetProperty(name, out var value) ? Flat(value) : null);
        }

        csv.WriteField(fields?.Missing);
        csv.WriteField(fields?.Errors);
    }

    private static string? Flat(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };
}
