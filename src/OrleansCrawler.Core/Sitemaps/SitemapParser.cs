using System.IO.Compression;
using System.Xml;

namespace OrleansCrawler.Core.Sitemaps;

/// <summary>Reads sitemaps (sitemaps.org protocol 0.9): &lt;urlset&gt; and &lt;sitemapindex&gt;, plain or gzip-compressed
/// (detected by the gzip magic bytes, whatever the file is called or served as). Bounded as the protocol bounds a
/// file: at most 50 MB uncompressed and 50,000 entries (further entries are ignored and reported as truncated). Any
/// malformed input ends in a <see cref="SitemapException"/>, never another exception. DTDs are refused (no entity
/// expansion, no external resolution). Element names are matched by local name, so a missing or wrong namespace is
/// tolerated.</summary>
public static class SitemapParser
{
    public const long MaxUncompressedBytes = 50L * 1024 * 1024;
    public const int MaxUrls = 50_000;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
        Async = false,
    };

    /// <summary>Parses a sitemap file's bytes (plain or gzip).</summary>
    public static SitemapDocument Parse(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            using var raw = new MemoryStream(content, writable: false);
            var isGzip = content.Length >= 2 && content[0] == 0x1f && content[1] == 0x8b;
            using var gzip = isGzip ? new GZipStream(raw, CompressionMode.Decompress) : null;
            using var limited = new LimitedReadStream(gzip ?? (Stream)raw, MaxUncompressedBytes);
            using var reader = XmlReader.Create(limited, Settings);
            return Read(reader);
        }
        catch (XmlException ex)
        {
            throw new SitemapException($"malformed XML at line {ex.LineNumber}, position {ex.LinePosition}: {ex.Message}", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new SitemapException($"bad gzip data: {ex.Message}", ex);
        }
    }

    private static SitemapDocument Read(XmlReader reader)
    {
        if (reader.MoveToContent() != XmlNodeType.Element)
        {
            throw new SitemapException("no root element");
        }

        var kind = reader.LocalName switch
        {
            "urlset" => SitemapKind.UrlSet,
            "sitemapindex" => SitemapKind.Index,
            _ => throw new SitemapException($"root element <{reader.LocalName}> is neither <urlset> nor <sitemapindex>"),
        };
        var entry = kind == SitemapKind.UrlSet ? "url" : "sitemap";
        var locations = new List<string>();
        var truncated = false;
        var depth = reader.Depth;
        var moved = false; // ReadElementContentAsString and Skip already advance to the next node
        while (moved || reader.Read())
        {
            moved = false;
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.Depth == depth + 2 && reader.LocalName == "loc")
            {
                var loc = reader.ReadElementContentAsString().Trim();
                moved = true;
                if (loc.Length == 0)
                {
                    continue;
                }

                if (locations.Count == MaxUrls)
                {
                    truncated = true;
                    break; // the rest is not read at all
                }

                locations.Add(loc);
            }
            else if (reader.Depth == depth + 1 && reader.LocalName != entry)
            {
                reader.Skip(); // extensions (image:, news:) and stray elements
                moved = true;
            }
        }

        return new SitemapDocument(kind, locations, truncated);
    }

    /// <summary>Fails a read that goes past the limit, so a decompression bomb stops at the limit.</summary>
    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            _read += n;
            if (_read > limit)
            {
                throw new SitemapException($"sitemap larger than {limit / (1024 * 1024)} MB uncompressed");
            }

            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
