using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OrleansCrawler.Infrastructure.Warc;

/// <summary>The named fields of one WARC/1.1 record, written in order, ending with the empty line. Values are
/// single-line by construction (URIs, ids, digests, dates); a CR or LF in one is refused rather than written.</summary>
internal sealed class WarcRecordHeader
{
    public const string IdenticalPayloadProfile = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest";

    private readonly StringBuilder _text = new("WARC/1.1\r\n");

    public WarcRecordHeader(string type, string recordId, DateTimeOffset date)
    {
        Add("WARC-Type", type).Add("WARC-Record-ID", recordId).Add("WARC-Date", FormatDate(date));
    }

    /// <summary>A random (version 4) UUID as a URN. Its bits come from the runtime's cryptographic generator, which
    /// draws in user space: <see cref="Guid.NewGuid"/> reads /dev/urandom with a system call for every identifier, and a
    /// profile of a <c>--warc</c> crawl found that call on every record (docs/content.md, "Cost per page").</summary>
    public static string NewRecordId()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return $"<urn:uuid:{new Guid(bytes, bigEndian: true)}>";
    }

    public static string FormatDate(DateTimeOffset date) =>
        date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public WarcRecordHeader Add(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }

        if (value.AsSpan().ContainsAny('\r', '\n'))
        {
            throw new ArgumentException($"WARC field {name} would span lines: '{value}'", nameof(value));
        }

        _text.Append(name).Append(": ").Append(value).Append("\r\n");
        return this;
    }

    /// <summary>The header with Content-Length and the empty line that ends it.</summary>
    public byte[] ToBytes(long contentLength)
    {
        _text.Append("Content-Length: ").Append(contentLength.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        return Encoding.UTF8.GetBytes(_text.ToString());
    }
}
