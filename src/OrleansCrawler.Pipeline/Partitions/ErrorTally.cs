using static OrleansCrawler.Core.Telemetry.CrawlerTelemetry;

namespace OrleansCrawler.Pipeline.Partitions;

/// <summary>A partition's settled URLs by kind of error (for status and watch), and the errors metric.
/// Single-threaded, like the partition.</summary>
public sealed class ErrorTally(KeyValuePair<string, object?> jobTag)
{
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Counts => _counts;

    /// <summary>A URL settled now with this kind of error (null: none): counted here and in the metric.</summary>
    public void Count(string? kind)
    {
        if (kind is not null)
        {
            _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
            Errors.Add(1, jobTag, new KeyValuePair<string, object?>(Attributes.ErrorKind, kind));
        }
    }

    /// <summary>A URL settled by an earlier activation, read back from the frontier store: counted here only.</summary>
    public void Restore(string kind) => _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
}
