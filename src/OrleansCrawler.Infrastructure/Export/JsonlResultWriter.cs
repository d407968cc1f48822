using System.Text.Json;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Infrastructure.Export;

/// <summary>Writes results as JSON Lines: one object per fetched URL, streamed (no whole-result buffering).</summary>
public static class JsonlResultWriter
{
    public static async Task<long> WriteAsync(IAsyncEnumerable<PageRecord> records, Stream output, CancellationToken cancellationToken = default)
    {
        long count = 0;
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
