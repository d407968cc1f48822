using Microsoft.Data.Sqlite;
using OrleansCrawler.Core.Fields;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>Pages' extracted fields (<c>--extract</c>) in a SQLite file of their own (<c>fields.db</c> beside
/// <c>results.db</c>): a row per page keyed by (job, url) with the <c>fields</c> object as JSON text, the missing
/// required fields and the page's extraction errors. Saves are group-committed like the results'.</summary>
public sealed class SqliteFieldStore : SqliteSideFile<PageFields>, IFieldStore
{
    public const string FileName = "fields.db";

    private SqliteFieldStore(string dataDirectory, IWriteHealth? health)
        : base(dataDirectory, FileName, "page_fields",
            """
            CREATE TABLE IF NOT EXISTS page_fields (job TEXT NOT NULL, url TEXT NOT NULL, fields TEXT NOT NULL, missing TEXT NULL,
                errors TEXT NULL);
            """,
            """
            INSERT INTO page_fields (job, url, fields, missing, errors) VALUES ($job, $url, $fields, $missing, $errors)
            ON CONFLICT (job, url) DO UPDATE SET fields = excluded.fields, missing = excluded.missing, errors = excluded.errors
            """,
            [("$job", SqliteType.Text), ("$url", SqliteType.Text), ("$fields", SqliteType.Text), ("$missing", SqliteType.Text),
                ("$errors", SqliteType.Text)], health)
    {
    }

    /// <summary>Opens (creating if needed) <c>fields.db</c> in <paramref name="dataDirectory"/>.</summary>
    public static SqliteFieldStore Open(string dataDirectory, IWriteHealth? health = null) => new(dataDirectory, health);

    /// <summary>Whether a data folder holds extracted fields (a crawl without <c>--extract</c> has no file).</summary>
    public static bool Exists(string dataDirectory) => File.Exists(Path.Combine(dataDirectory, FileName));

    public Task SaveAsync(PageFields fields, CancellationToken cancellationToken = default) => SubmitAsync(fields, cancellationToken);

    protected override object?[] Values(PageFields page) => [page.JobId, page.Url, page.Json, page.Missing, page.Errors];

    public Task<IReadOnlyList<PageFields>> ReadPageAsync(string jobId, string? afterUrl, int limit, CancellationToken cancellationToken = default) =>
        ReadPageAsync("SELECT url, fields, missing, errors FROM page_fields WHERE job = $job AND url > $after ORDER BY url LIMIT $limit",
            jobId, afterUrl, limit,
            reader => new PageFields(jobId, reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3)), cancellationToken);
}
