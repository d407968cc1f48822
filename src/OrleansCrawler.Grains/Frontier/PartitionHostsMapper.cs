using System.Collections.Immutable;
using System.Text.Json;
using OrleansCrawler.Abstractions.Frontier;
using OrleansCrawler.Core.Frontier;

namespace OrleansCrawler.Grains.Frontier;

/// <summary>Maps a partition's hosts to and from their stored form (<see cref="PartitionHostsRecord"/>: the hosts as
/// JSON, web names, nulls left out).</summary>
public static class PartitionHostsMapper
{
    /// <summary>Most hosts kept per partition: those with the most queued, then by name (what the hosts view shows
    /// first); the view itself returns at most 10,000.</summary>
    public const int MaxHosts = 10_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static PartitionHostsRecord ToRecord(string jobId, int partition, DateTimeOffset savedAt, IEnumerable<HostView> hosts) =>
        new(jobId, partition, savedAt, JsonSerializer.Serialize(
            hosts.OrderByDescending(h => h.Queued).ThenBy(h => h.Authority, StringComparer.Ordinal).Take(MaxHosts).Select(h => h with { SavedAt = null }),
            Json));

    /// <summary>The stored hosts, each marked with the time the partition saved them.</summary>
    public static ImmutableArray<HostView> HostsOf(PartitionHostsRecord record) =>
        [.. (JsonSerializer.Deserialize<HostView[]>(record.HostsJson, Json) ?? []).Select(h => h with { SavedAt = record.SavedAt })];
}
