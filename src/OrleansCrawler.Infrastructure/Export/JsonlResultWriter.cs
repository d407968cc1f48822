using System.Text.Json;
using OrleansCrawler.Core.Content;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Infrastructure.Export;

/// <summary>Writes results as JSON Lines: one object per fetched URL, streamed (no whole-result buffering). With a
/// <c>--content</c> crawl's content (in URL order, like the results), a page that has some also carries it under its
/// format's name (<c>text</c>, <c>markdown</c> or <c>html</c>) with <c>language</c> and <c>words</c>.</summary>
public static class JsonlResultWriter
{
    public static async Task<long> WriteAsync(IAsyncEnumerable<PageRecord> records, Stream output, CancellationToken cancellationToken = default,
        IAsyncEnumerable<PageContent>? content = null)
    {
        long count = 0;
        await using var contents = (content ?? AsyncEnumerable.Empty<PageContent>()).GetAsyncEnumerator(cancellationToken);
        var next = await contents.MoveNextAsync() ? contents.Current : null;
        var newline = "\n"u8.ToArray();
        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true });
        await foreach (var r in records.WithCancellation(cancellationToken))
        {
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

            writer.WriteEndObject();
            await writer.FlushAsync(cancellationToken);
            writer.Reset();
            await output.WriteAsync(newline, cancellationToken);
            count++;
        }

        await output.FlushAsync(cancellationToken);
        return count;
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
