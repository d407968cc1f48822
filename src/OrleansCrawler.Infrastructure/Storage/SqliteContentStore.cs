using Microsoft.Data.Sqlite;
using OrleansCrawler.Core.Content;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>Pages' main content in a SQLite file of its own (<c>content.db</c> beside <c>results.db</c>, so its writes
/// never wait for the results' writer): a row per page keyed by (job, url) with the format, language, word count and the
/// body Brotli-compressed (<see cref="ContentCodec"/>). Saves are group-committed like the results'.</summary>
public sealed class SqliteContentStore : SqliteSideFile<PageContent>, IContentStore
{
    public const string FileName = "content.db";

    private SqliteContentStore(string dataDirectory, IWriteHealth? health)
        : base(dataDirectory, FileName, "page_content",
            """
            CREATE TABLE IF NOT EXISTS page_content (job TEXT NOT NULL, url TEXT NOT NULL, format INTEGER NOT NULL, language TEXT NULL,
                words INTEGER NOT NULL, body BLOB NOT NULL);
            """,
            """
            INSERT INTO page_content (job, url, format, language, words, body) VALUES ($job, $url, $format, $language, $words, $body)
            ON CONFLICT (job, url) DO UPDATE SET format = excluded.format, language = excluded.language, words = excluded.words, body = excluded.body
            """,
            [("$job", SqliteType.Text), ("$url", SqliteType.Text), ("$format", SqliteType.Integer), ("$language", SqliteType.Text),
                ("$words", SqliteType.Integer), ("$body", SqliteType.Blob)], health)
    {
    }

    /// <summary>Opens (creating if needed) <c>content.db</c> in <paramref name="dataDirectory"/>.</summary>
    public static SqliteContentStore Open(string dataDirectory, IWriteHealth? health = null) => new(dataDirectory, health);

    /// <summary>Whether a data folder holds captured content (a crawl without <c>--content</c> has no file).</summary>
    public static bool Exists(string dataDirectory) => File.Exists(Path.Combine(dataDirectory, FileName));

    public Task SaveAsync(PageContent content, CancellationToken cancellationToken = default) => SubmitAsync(content, cancellationToken);

    protected override object?[] Values(PageContent page) =>
        [page.JobId, page.Url, (int)page.Format, page.Language, page.Words, ContentCodec.Encode(page.Body)];

    public Task<IReadOnlyList<PageContent>> ReadPageAsync(string jobId, string? afterUrl, int limit, CancellationToken cancellationToken = default) =>
        ReadPageAsync("SELECT url, format, language, words, body FROM page_content WHERE job = $job AND url > $after ORDER BY url LIMIT $limit",
            jobId, afterUrl, limit,
            reader => new PageContent(jobId, reader.GetString(0), (ContentFormat)reader.GetInt32(1), ContentCodec.Decode((byte[])reader.GetValue(4)),
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt32(3)), cancellationToken);
}
