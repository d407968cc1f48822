namespace OrleansCrawler.Core.Frontier;

/// <summary>A partition's hosts as stored when the partition left memory: one row per (job, partition), the hosts as
/// JSON (their type is a wire record, which Core does not know; like <see cref="Jobs.JobRecord"/>'s spec), and when it
/// was saved (the hosts view's "as of" for that partition).</summary>
public sealed record PartitionHostsRecord(string JobId, int Partition, DateTimeOffset SavedAt, string HostsJson);
