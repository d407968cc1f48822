namespace OrleansCrawler.Silo.Hosting;

/// <summary>Where the crawl's own tables (jobs, results) live (section "Crawler:Storage").</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Crawler:Storage";

    /// <summary><c>Sqlite</c> (embedded, one silo) or <c>Postgres</c> (a cluster: every silo shares it).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Folder of <c>results.db</c> (Sqlite).</summary>
    public string DataDirectory { get; set; } = "crawl-data";

    /// <summary>Npgsql connection string (Postgres), e.g. <c>Host=postgres;Username=ocrawl;Password=...;Database=ocrawl</c>.</summary>
    public string? Postgres { get; set; }
}

public enum StorageProvider
{
    Sqlite,
    Postgres,
}
