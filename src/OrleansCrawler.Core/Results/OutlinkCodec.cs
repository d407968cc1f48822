using System.IO.Compression;
using System.Text;

namespace OrleansCrawler.Core.Results;

/// <summary>A page's outlinks as one compressed value (a row per page, not per edge): lines of
/// <c>to TAB rel TAB scope TAB anchor</c>, deflated. Normalized URLs and rel tokens hold no tab or line break, and anchor
/// text has its whitespace collapsed, so the lines need no escaping.</summary>
public static class OutlinkCodec
{
    public static byte[] Encode(IReadOnlyList<Outlink> links)
    {
        var text = new StringBuilder(links.Count * 64);
        foreach (var link in links)
        {
            text.Append(link.To).Append('\t').Append(link.Rel).Append('\t').Append(link.InScope ? '1' : '0').Append('\t')
                .Append(link.Anchor is null ? null : Clean(link.Anchor)).Append('\n');
        }

        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(Encoding.UTF8.GetBytes(text.ToString()));
        }

        return output.ToArray();
    }

    /// <exception cref="InvalidDataException">The value is not an encoded list of outlinks.</exception>
    public static List<Outlink> Decode(byte[] value)
    {
        using var input = new DeflateStream(new MemoryStream(value), CompressionMode.Decompress);
        using var reader = new StreamReader(input, Encoding.UTF8);
        var links = new List<Outlink>();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split('\t', 4);
            if (parts.Length != 4 || parts[0].Length == 0 || parts[2] is not ("0" or "1"))
            {
                throw new InvalidDataException($"Not an outlink line: '{line}'.");
            }

            links.Add(new Outlink(parts[0], Anchor: parts[3].Length == 0 ? null : parts[3], Rel: parts[1].Length == 0 ? null : parts[1],
                InScope: parts[2] == "1"));
        }

        return links;
    }

    private static string Clean(string anchor) => anchor.Contains('\t') || anchor.Contains('\n') || anchor.Contains('\r')
        ? anchor.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ')
        : anchor;
}
