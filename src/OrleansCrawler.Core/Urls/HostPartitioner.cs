using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace OrleansCrawler.Core.Urls;

/// <summary>Maps a URL to the partition that owns its authority (host and port), with a stable hash
/// (XxHash64 of the lower-case authority), so that every URL of a host lands in the same partition grain.</summary>
public sealed class HostPartitioner
{
    private const int StackChars = 256;

    public HostPartitioner(int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        PartitionCount = partitionCount;
    }

    public int PartitionCount { get; }

    /// <summary>Partition of a normalized absolute URL.</summary>
    public int PartitionOf(string normalizedUrl)
    {
        ArgumentNullException.ThrowIfNull(normalizedUrl);
        return PartitionOf(AuthoritySpan(normalizedUrl));
    }

    /// <summary>Partition of an authority such as "example.com" or "127.0.0.1:8080" (lower case, no default port).</summary>
    public int PartitionOfAuthority(string authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        return PartitionOf(authority.AsSpan());
    }

    /// <summary>The authority ("host" or "host:port", default port omitted) of a normalized absolute URL.</summary>
    public static string AuthorityOf(string normalizedUrl)
    {
        ArgumentNullException.ThrowIfNull(normalizedUrl);
        return AuthoritySpan(normalizedUrl).ToString();
    }

    /// <summary>The authority of a normalized URL: between "://" and the next '/', '?' or '#'.</summary>
    internal static ReadOnlySpan<char> AuthoritySpan(string normalizedUrl)
    {
        var sep = normalizedUrl.IndexOf("://", StringComparison.Ordinal);
        if (sep <= 0)
        {
            throw new ArgumentException($"'{normalizedUrl}' is not an absolute URL.", nameof(normalizedUrl));
        }

        var rest = normalizedUrl.AsSpan(sep + 3);
        var end = rest.IndexOfAny('/', '?', '#');
        return end < 0 ? rest : rest[..end];
    }

    private int PartitionOf(ReadOnlySpan<char> authority)
    {
        var hash = HashAuthority(authority);
        return (int)(hash % (ulong)PartitionCount);
    }

    /// <summary>XxHash64 of the ASCII-lower-cased UTF-8 authority (normalized hosts are ASCII: punycode).</summary>
    internal static ulong HashAuthority(ReadOnlySpan<char> authority)
    {
        byte[]? rented = null;
        var max = Encoding.UTF8.GetMaxByteCount(authority.Length);
        var bytes = max <= StackChars * 3 ? stackalloc byte[StackChars * 3] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var n = Encoding.UTF8.GetBytes(authority, bytes);
            var span = bytes[..n];
            for (var i = 0; i < span.Length; i++)
            {
                if ((uint)(span[i] - 'A') <= 'Z' - 'A')
                {
                    span[i] |= 0x20;
                }
            }

            return XxHash64.HashToUInt64(span);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
