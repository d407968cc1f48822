using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace OrleansCrawler.Core.Urls;

/// <summary>Stable 64-bit fingerprint of a normalized URL (XxHash3 over its UTF-8 bytes). Never GetHashCode:
/// the value must be the same in every process and on every run.</summary>
public static class UrlFingerprint
{
    // Up to this many chars the UTF-8 bytes (at most 3 per char) go on the stack; longer URLs rent a buffer.
    private const int StackChars = 512;

    public static ulong Of(string normalizedUrl)
    {
        ArgumentNullException.ThrowIfNull(normalizedUrl);
        return Of(normalizedUrl.AsSpan());
    }

    internal static ulong Of(ReadOnlySpan<char> url)
    {
        if (url.Length <= StackChars)
        {
            Span<byte> bytes = stackalloc byte[StackChars * 3];
            var n = Encoding.UTF8.GetBytes(url, bytes);
            return XxHash3.HashToUInt64(bytes[..n]);
        }

        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(url.Length));
        try
        {
            var n = Encoding.UTF8.GetBytes(url, rented);
            return XxHash3.HashToUInt64(rented.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
