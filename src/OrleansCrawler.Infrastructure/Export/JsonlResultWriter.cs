using System.Text.Json;
using OrleansCrawler.Core.Content;
using OrleansCrawler.Core.Fields;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Infrastructure.Export;

/// <summary>Writes results as JSON Lines: one object per fetched URL, streamed (no whole-result buffering). With a
/// <c>--content</c> crawl's content (in URL order, like the results), a page that has some also carries it under its
/// format's name (<c>text</c>, <c>markdown</c> or <c>html</c>) with <c>language</c> and <c>words</c>. With an
/// <c>--extract</c> crawl's fields, a page that has some carries its <c>fields</c> object, and <c>missingFields</c> and
/// <c>fieldErrors</c> when it has those; <paramref name="onlyWithFields"/> leaves out pages without fields.</summary>
public static class JsonlResultWriter
{
    public static async Task<long> WriteAsync(IAsyncEnumerable<PageRecord> records, Stream output, CancellationToken cancellationToken = default,
        IAsyncEnumerable<PageContent>? content = null, IAsyncEnumerable<PageFields>? fields = null, bool onlyWithFields = false)
    {
        long count = 0;
        await using var fieldRows = new UrlOrderedCursor<PageFields>(fields, f => f.Url, cancellationToken);
        await using var contents = (content ?? AsyncEnumerable.Empty<PageContent>()).GetAsyncEnumerator(cancellationToken);
        var next = await contents.MoveNextAsync() ? contents.Current : null;
        var newline = "\n"u8.ToArray();
        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        await foreach (var r in records.WithCancellation(cancellationToken))
        {
            var pageFields = fields is null ? null : await fieldRows.AtAsync(r.Url);
            if (onlyWithFields && pageFields is null)
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("url", r.Url);
            writer.WriteString("finalUrl", r.FinalUrl);
            writer.WriteNumber("status", r.Status);
            writer.WriteNumber("depth", r.Depth);
            WriteNullable(writer, "title", r.Title);
            writer.WriteNumber("outlinks", r.Outlinks);
            WriteNullable(writer, "contentType", r.ContentType);
            writer.WriteNumber("bytes", r.Bytes);
            writer.WriteString("fetchedAt", r.FetchedAt);
            WriteNullable(writer, "error", r.Error);
            WriteNullable(writer, "canonical", r.Canonical);
            writer.WriteBoolean("noindex", r.NoIndex);
            if (r.DuplicateOf is not null)
            {
                // --dedup crawls: only duplicates carry these (an unchecked page and a new one look alike).
                writer.WriteString("duplicateOf", r.DuplicateOf);
                writer.WriteNumber("duplicateDistance", r.DuplicateDistance);
            }
            // Both streams are in URL order (ordinal, as the stores sort): skip content of URLs without a result.
            while (next is not null && string.CompareOrdinal(next.Url, r.Url) < 0)
            {
                next = await contents.MoveNextAsync() ? contents.Current : null;
            }

            if (next is not null && next.Url == r.Url)
            {
                writer.WriteString(next.Format.ToString().ToLowerInvariant(), next.Body);
                WriteNullable(writer, "language", next.Language);
                writer.WriteNumber("words", next.Words);
            }

            if (pageFields is not null)
            {
                WriteFields(writer, pageFields);
            }

            writer.WriteEndObject();
            await writer.FlushAsync(cancellationToken);
            writer.Reset();
            await output.WriteAsync(newline, cancellationToken);
            count++;
        }

        await output.FlushAsync(cancellationToken);
        return count;
    }

    private static void WriteFields(Utf8JsonWriter writer, PageFields fields)
    {
        writer.WritePropertyName("fields");
        writer.WriteRawValue(fields.Json, skipInputValidation: true);
        if (fields.Missing is not null)
        {
            writer.WriteStartArray("missingFields");
            foreach (var name in fields.Missing.Split(','))
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        }

        WriteNullableIfAny(writer, "fieldErrors", fields.Errors);
    }

    private static void WriteNullableIfAny(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
