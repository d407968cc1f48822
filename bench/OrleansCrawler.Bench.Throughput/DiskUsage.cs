using System.Globalization;

namespace OrleansCrawler.Bench.Throughput;

/// <summary>What an <c>ocrawl run --data DIR</c> crawl left on disk, by store: results (<c>results.db</c>), the page
/// content (<c>content.db</c>, Brotli bodies) and the WARC files under <c>DIR/warc</c>; SQLite's -wal/-shm files
/// counted with their database.</summary>
public sealed record DiskUsage(long ResultsBytes, long ContentBytes, long WarcBytes, int WarcFiles)
{
    /// <summary>WARC and content together: what <c>--warc</c> and <c>--content</c> add to a crawl.</summary>
    public long KeptBytes => ContentBytes + WarcBytes;

    public static DiskUsage Of(string dataDirectory)
    {
        var warc = Path.Combine(dataDirectory, "warc");
        var warcFiles = Directory.Exists(warc) ? Directory.GetFiles(warc, "*", SearchOption.AllDirectories) : [];
        return new DiskUsage(Database(dataDirectory, "results.db"), Database(dataDirectory, "content.db"),
            warcFiles.Sum(f => new FileInfo(f).Length), warcFiles.Length);
    }

    /// <summary>E.g. "on disk: WARC 412.3 MB in 1 file + content 21.0 MB = 21,630 B/page (results 9.8 MB)".</summary>
    public string Describe(long pages) => string.Create(CultureInfo.InvariantCulture,
        $"on disk: WARC {WarcBytes / 1048576.0:0.0} MB in {WarcFiles} file{(WarcFiles == 1 ? "" : "s")} + content {ContentBytes / 1048576.0:0.0} MB = {(pages > 0 ? KeptBytes / (double)pages : 0):N0} B/page (WARC {(pages > 0 ? WarcBytes / (double)pages : 0):N0}, content {(pages > 0 ? ContentBytes / (double)pages : 0):N0}); results {ResultsBytes / 1048576.0:0.0} MB");

    private static long Database(string directory, string name) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, name + "*").Where(f => Path.GetFileName(f) is var n && (n == name || n == name + "-wal" || n == name + "-shm"))
                .Sum(f => new FileInfo(f).Length)
            : 0;
}
