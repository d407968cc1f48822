using Npgsql;

namespace OrleansCrawler.Infrastructure.Storage;

/// <summary>Creates and migrates the crawler's own PostgreSQL tables. Every silo runs it at start; a
/// transaction-scoped advisory lock makes concurrent starts take turns, and the version table makes it
/// idempotent.</summary>
public static class PostgresSchema
{
    private const long LockKey = 0x0C4A_3771_0001;

    /// <summary>Ordered migrations; append, never edit a released one.</summary>
    private static readonly string[] Migrations =
    [
        // 1: results keyed by (job, normalized URL): the primary key serves the upsert, the per-job count and
        // the keyset-paginated export (WHERE job = $1 AND url > $2 ORDER BY url).
        """
        CREATE TABLE results (
            job text NOT NULL,
            url text NOT NULL,
            final_url text NOT NULL,
            status integer NOT NULL,
            depth integer NOT NULL,
            title text NULL,
            outlinks integer NOT NULL,
            content_type text NULL,
            bytes bigint NOT NULL,
            fetched_at timestamptz NOT NULL,
            error text NULL,
            PRIMARY KEY (job, url)
        );
        CREATE TABLE jobs (
            job text PRIMARY KEY,
            spec jsonb NOT NULL,
            state text NOT NULL,
            started_at timestamptz NOT NULL,
            finished_at timestamptz NULL,
            counters jsonb NOT NULL,
            budget_granted bigint NOT NULL
        );
        CREATE INDEX jobs_started_at ON jobs (started_at DESC);
        """,
        // 2: page directives (issue 5): the page's canonical URL and whether it asked not to be indexed.
        """
        ALTER TABLE results ADD COLUMN canonical text NULL;
        ALTER TABLE results ADD COLUMN noindex boolean NOT NULL DEFAULT false;
        """,
        // 3: the frontier, persisted incrementally (PostgresFrontierStore): one row per accepted URL keyed by
        // (job, fingerprint); a settle fills in the outcome. seq keeps the append order, and the index on
        // (job, partition, seq) reads a partition back in that order without a sort.
        """
        CREATE TABLE frontier (
            job text NOT NULL,
            fp bigint NOT NULL,
            partition integer NOT NULL,
            depth integer NOT NULL,
            url text NOT NULL,
            outcome smallint NULL,
            bytes bigint NOT NULL DEFAULT 0,
            error_kind text NULL,
            seq bigint GENERATED ALWAYS AS IDENTITY,
            PRIMARY KEY (job, fp)
        );
        CREATE INDEX frontier_partition ON frontier (job, partition, seq);
        """,
        // 4: the link graph (issue 14, PostgresLinkStore): a row per page with its outlinks encoded and deflated, keyed
        // like its result, so a write costs a page whatever the size of the graph and a refetch replaces the row.
        """
        CREATE TABLE page_links (
            job text NOT NULL,
            url text NOT NULL,
            links bytea NOT NULL,
            PRIMARY KEY (job, url)
        );
        """,
        // 5: page content (issue 14 part 2, PostgresContentStore): a row per page with its main content Brotli-compressed,
        // keyed like its result; a refetch replaces the row.
        """
        CREATE TABLE IF NOT EXISTS page_content (
            job text NOT NULL,
            url text NOT NULL,
            format smallint NOT NULL,
            language text NULL,
            words integer NOT NULL,
            body bytea NOT NULL,
            PRIMARY KEY (job, url)
        );
        """,
        // 6: extracted fields (issue 15 part 1, PostgresFieldStore): a row per page with its fields object as json (kept as
        // written, in rule order; jsonb would reorder the keys), the missing required fields and the page's extraction
        // errors, keyed like its result; a refetch replaces the row.
        """
        CREATE TABLE IF NOT EXISTS page_fields (
            job text NOT NULL,
            url text NOT NULL,
            fields json NOT NULL,
            missing text NULL,
            errors text NULL,
            PRIMARY KEY (job, url)
        );
        """,
        // 7 (reserved for near duplicates; appended here as the next, the merge renumbers): each result's duplicate
        // (issue 15 part 2, docs/dedup.md): the first URL seen with the same body or nearly the same main text.
        """
        ALTER TABLE results ADD COLUMN IF NOT EXISTS duplicate_of text NULL;
        ALTER TABLE results ADD COLUMN IF NOT EXISTS duplicate_distance integer NOT NULL DEFAULT 0;
        """,
        // 8 (reserved for the console's results, issue 19): the newest-first listing (PostgresPageStore.LatestAsync,
        // keyset on (fetched_at, url)) reads this index backwards, a range scan with no sort.
        """
        CREATE INDEX IF NOT EXISTS results_latest ON results (job, fetched_at, url);
        """,
        // 9 (the console's hosts, issue 19): a partition's per-host summary, written when it deactivates
        // (PostgresHostSummaryStore), one row per (job, partition), the hosts as JSON text (read whole, never queried inside).
        """
        CREATE TABLE IF NOT EXISTS partition_hosts (
            job text NOT NULL,
            partition integer NOT NULL,
            saved_at timestamptz NOT NULL,
            hosts text NOT NULL,
            PRIMARY KEY (job, partition)
        );
        """,
    ];

    public static int LatestVersion => Migrations.Length;

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction,
            "CREATE TABLE IF NOT EXISTS ocrawl_schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
            cancellationToken).ConfigureAwait(false);
        await using var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM ocrawl_schema_version", connection, transaction);
        var current = (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        for (var version = current + 1; version <= Migrations.Length; version++)
        {
            await ExecuteAsync(connection, transaction, Migrations[version - 1], cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"INSERT INTO ocrawl_schema_version (version) VALUES ({version})", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
