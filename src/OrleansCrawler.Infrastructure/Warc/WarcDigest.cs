using System.Security.Cryptography;
using SimpleBase;

namespace OrleansCrawler.Infrastructure.Warc;

/// <summary>WARC digests as Heritrix and wget write them: <c>sha1:</c> and the SHA-1 in RFC 4648 base32 (SimpleBase).</summary>
public static class WarcDigest
{
    public static string Sha1(ReadOnlySpan<byte> data) => Format(SHA1.HashData(data));

    public static string Sha1(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        hash.AppendData(first);
        hash.AppendData(second);
        return Format(hash.GetHashAndReset());
    }

    private static string Format(byte[] sha1) => "sha1:" + Base32.Rfc4648.Encode(sha1, padding: false);
}
