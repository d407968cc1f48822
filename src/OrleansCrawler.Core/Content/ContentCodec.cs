using System.IO.Compression;
using System.Text;

namespace OrleansCrawler.Core.Content;

/// <summary>A page's content body as stored: UTF-8, Brotli at a fast level (text compresses 3-5x; quality 4 costs a
/// fraction of the extraction itself).</summary>
public static class ContentCodec
{
    public static byte[] Encode(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var output = new MemoryStream(bytes.Length / 3 + 16);
        using (var brotli = new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            brotli.Write(bytes);
        }

        return output.ToArray();
    }

    /// <exception cref="InvalidDataException">The value is not Brotli-compressed UTF-8.</exception>
    public static string Decode(byte[] value)
    {
        using var input = new BrotliStream(new MemoryStream(value), CompressionMode.Decompress);
        using var reader = new StreamReader(input, new UTF8Encoding(false, throwOnInvalidBytes: true));
        return reader.ReadToEnd();
    }
}
