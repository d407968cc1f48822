namespace OrleansCrawler.Core.Urls;

/// <summary>Maps a URL to the partition that owns its authority (host and port), with a stable hash
/// (XxHash64 of the lower-case authority), so that every URL of a host lands in the same partition grain.</summary>
public sealed class HostPartitioner
{
    public HostPartitioner(int partitionCount) => throw new NotImplementedException();

    public int PartitionCount => throw new NotImplementedException();

    /// <summary>Partition of a normalized absolute URL.</summary>
    public int PartitionOf(string normalizedUrl) => throw new NotImplementedException();

    /// <summary>Partition of an authority such as "example.com" or "127.0.0.1:8080" (lower case, no default port).</summary>
    public int PartitionOfAuthority(string authority) => throw new NotImplementedException();

    /// <summary>The authority ("host" or "host:port", default port omitted) of a normalized absolute URL.</summary>
    public static string AuthorityOf(string normalizedUrl) => throw new NotImplementedException();
}
