namespace OrleansCrawler.Abstractions.Frontier;

/// <summary>Keys of partition grains: "{jobId}/{partition}".</summary>
public static class PartitionKey
{
    public static string Of(string jobId, int partition) => $"{jobId}/{partition}";

    public static (string JobId, int Partition) Parse(string key)
    {
        var slash = key.LastIndexOf('/');
        if (slash <= 0 || !int.TryParse(key.AsSpan(slash + 1), out var partition) || partition < 0)
        {
            throw new FormatException($"'{key}' is not a partition key (expected 'job/partition').");
        }

        return (key[..slash], partition);
    }

    public static IUrlPartitionGrain Partition(this IGrainFactory grains, string jobId, int partition)
        => grains.GetGrain<IUrlPartitionGrain>(Of(jobId, partition));
}
