using Microsoft.Data.Sqlite;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>The link graph in a SQLite file of its own (<c>links.db</c> beside <c>results.db</c>, so its writes never
/// wait for the results' writer): a row per page, keyed by (job, url), holding the page's outlinks encoded and deflated
/// (<see cref="OutlinkCodec"/>). Saves are group-committed like the results'.</summary>
public sealed class SqliteLinkStore : SqliteSideFile<PageOutlinks>, ILinkStore
{
    public const string FileName = "links.db";

    private SqliteLinkStore(string dataDirectory, IWriteHealth? health)
        : base(dataDirectory, FileName, "page_links",
            "CREATE TABLE IF NOT EXISTS page_links (job TEXT NOT NULL, url TEXT NOT NULL, links BLOB NOT NULL);",
            """
            INSERT INTO page_links (job, url, links) VALUES ($job, $url, $links)
            ON CONFLICT (job, url) DO UPDATE SET links = excluded.links
            """,
            [("$job", SqliteType.Text), ("$url", SqliteType.Text), ("$links", SqliteType.Blob)], health)
    {
    }

    /// <summary>Opens (creating if needed) <c>links.db</c> in <paramref name="dataDirectory"/>.</summary>
    public static SqliteLinkStore Open(string dataDirectory, IWriteHealth? health = null) => new(dataDirectory, health);

    public Task SaveAsync(PageOutlinks page, CancellationToken cancellationToken = default) => SubmitAsync(page, cancellationToken);

    protected override object?[] Values(PageOutlinks page) => [page.JobId, page.Url, OutlinkCodec.Encode(page.Links)];

    public Task<IReadOnlyList<PageOutlinks>> ReadPageAsync(string jobId, string? afterUrl, int limit, CancellationToken cancellationToken = default) =>
        ReadPageAsync("SELECT url, links FROM page_links WHERE job = $job AND url > $after ORDER BY url LIMIT $limit", jobId, afterUrl, limit,
            reader => new PageOutlinks(jobId, reader.GetString(0), OutlinkCodec.Decode((byte[])reader.GetValue(1))), cancellationToken);
}
