using System.Buffers;
using System.IO.Compression;
using System.Text;

namespace OrleansCrawler.Core.Content;

/// <summary>A page's content body as stored: UTF-8, Brotli at quality 0, its fastest (the test web's Markdown, 13 kB a
/// page on average: 41-46 µs a page for 2.75x, against 69-81 µs for 2.86x at quality 1 and 42-52 µs for 2.25x with
/// Deflate at its fastest). The window is sized to the body (at least 1 KiB, at most 4 MiB): a <see cref="BrotliStream"/>
/// sets up the encoder for its default 4 MiB window and zeroes its buffers on every page, which cost more than
/// compressing a page's text (docs/content.md, "Cost per page"). Any Brotli decoder reads any quality and window.</summary>
public static class ContentCodec
{
    private const int Quality = 0;

    public static byte[] Encode(string body)
    {
        var length = Encoding.UTF8.GetByteCount(body);
        var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        var output = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(body, bytes);
            if (!BrotliEncoder.TryCompress(bytes.AsSpan(0, written), output, out var compressed, Quality, Window(written)))
            {
                throw new InvalidOperationException($"Brotli could not compress {written} bytes into {output.Length}.");
            }

            return output.AsSpan(0, compressed).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    /// <exception cref="InvalidDataException">The value is not Brotli-compressed UTF-8.</exception>
    public static string Decode(byte[] value)
    {
        using var input = new BrotliStream(new MemoryStream(value), CompressionMode.Decompress);
        using var reader = new StreamReader(input, new UTF8Encoding(false, throwOnInvalidBytes: true));
        return reader.ReadToEnd();
    }

    /// <summary>Brotli's window (log2 of its bytes): the smallest that holds the body, between 10 and 22.</summary>
    internal static int Window(int bytes) => Math.Clamp(bytes <= 1 ? 10 : 64 - (int)ulong.LeadingZeroCount((ulong)(bytes - 1)), 10, 22);
}
