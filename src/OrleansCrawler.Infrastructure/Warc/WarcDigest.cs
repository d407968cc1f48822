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

    /// <summary>The block digest (the head, then the payload) and the payload digest of a response, in one pass over
    /// the payload (which may be partly on disk).</summary>
    public static (string Block, string Payload) Sha1(ReadOnlySpan<byte> head, OrleansCrawler.Core.Ports.ExchangePayload payload)
    {
        using var block = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        using var body = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        block.AppendData(head);
        payload.CopyTo(new HashingStream(block, body));
        return (Format(block.GetHashAndReset()), Format(body.GetHashAndReset()));
    }

    private static string Format(byte[] sha1) => "sha1:" + Base32.Rfc4648.Encode(sha1, padding: false);

    /// <summary>A write-only stream that feeds what is written to hashes.</summary>
    private sealed class HashingStream(params IncrementalHash[] hashes) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            foreach (var hash in hashes)
            {
                hash.AppendData(buffer);
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
