using System.Globalization;
using OrleansCrawler.Bench.Throughput.Processes;

namespace OrleansCrawler.Bench.Throughput.Peers;

/// <summary>GNU Wget2, recursive, robots.txt obeyed, files deleted after parsing; its site statistics (CSV: every
/// URL requested and its status) give what it fetched.</summary>
public sealed class Wget2Peer : PeerCrawler
{
    public override string Name => "wget2";

    public override string? Unavailable() => OnPath("wget2") is null ? "wget2 is not installed (apt-get install wget2)" : null;

    protected override (string FileName, IReadOnlyList<string> Arguments) Command(TestWebProcess web, string directory, ThroughputOptions options) =>
        ("wget2",
        [
            "--recursive", "--level=inf", "--robots=on", "--max-threads=" + options.Concurrency.ToString(CultureInfo.InvariantCulture),
            "--no-directories", "--delete-after", "--quiet", "--directory-prefix", Path.Combine(directory, "files"),
            "--stats-site=csv:" + Path.Combine(directory, "site.csv"), "--input-file", web.SeedsFile,
        ]);

    protected override IReadOnlyList<(string Url, int Status)> Fetched(string directory)
    {
        var path = Path.Combine(directory, "site.csv");
        if (!File.Exists(path))
        {
            return [];
        }

        // ID,ParentID,URL,Status,Link,Method,Size,...
        return [.. File.ReadLines(path).Skip(1).Select(l => l.Split(',')).Where(f => f.Length > 3)
            .Select(f => (f[2], int.TryParse(f[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 0))];
    }

    protected override string Describe(ThroughputOptions options) =>
        string.Create(CultureInfo.InvariantCulture, $"wget2 -r --robots=on --max-threads={options.Concurrency} --delete-after");
}
