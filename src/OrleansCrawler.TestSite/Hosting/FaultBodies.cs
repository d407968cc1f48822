using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace OrleansCrawler.TestSite.Hosting;

/// <summary>The bodies the faults of <see cref="FaultMode"/> serve: fixed bytes built once, and the few built from
/// a host's robots.txt or a page number. What a fault answers with them, and when, is in <see cref="SiteServer"/>.</summary>
internal static class FaultBodies
{
    public static readonly Lazy<byte[]> GzipBomb = new(() =>
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (int k = 0; k < 64; k++)
            {
                gzip.Write(zeros);
            }
        }

        return compressed.ToArray();
    });

    public static readonly byte[] Binary = CreateBinary();

    public static readonly byte[] MalformedPrefix = Encoding.ASCII.GetBytes(
        "<div><table><tr><td><p><b><i>&bogus; &#99999999; &amp <span <em>\n</td></div></b></p></font><<>>\n<![CDATA[ not xml ]]>\n");

    public static readonly Lazy<byte[]> HugeChunk = new(() =>
    {
        var text = new StringBuilder(64 * 1024);
        while (text.Length < 64 * 1024 - 64)
        {
            text.Append("<p>huge page filler text, over and over again.</p>\n");
        }

        return Encoding.ASCII.GetBytes(text.Append(' ', 64 * 1024 - text.Length).ToString());
    });

    /// <summary>The page of the calendar or of the ever-deeper path of <see cref="FaultMode.CalendarTrap"/> at
    /// <paramref name="path"/>; null for any other path.</summary>
    public static string? TrapPage(string path, IQueryCollection query)
    {
        string? body = null;
        if (path == "/calendar")
        {
            int month = int.TryParse(query["month"], NumberStyles.None, CultureInfo.InvariantCulture, out int m) ? m : 1;
            body = $"<!DOCTYPE html><html><head><title>Month {month}</title></head><body><a href=\"/calendar?month={month + 1}\">next</a> <a href=\"/calendar?month={Math.Max(1, month - 1)}\">previous</a></body></html>";
        }
        else if (path.StartsWith("/trap/", StringComparison.Ordinal) && path.EndsWith('/'))
        {
            body = "<!DOCTYPE html><html><head><title>Deeper</title></head><body><a href=\"x/\">deeper</a> <a href=\"y/x/\">sideways</a></body></html>";
        }

        return body;
    }

    /// <summary>The month page <c>/cal/YYYY/MM/</c> of <see cref="FaultMode.PathCalendar"/>, linking to the next and
    /// previous month (years 1 to 9999, so it never ends in practice); null for any other path.</summary>
    public static string? PathCalendarPage(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 + 1 || parts[0] != "cal" || !path.EndsWith('/')
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1 or > 9999
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var month) || month is < 1 or > 12)
        {
            return null;
        }

        var index = (year * 12) + month - 1;
        string Link(int i) => FormattableString.Invariant($"/cal/{Math.Clamp(i / 12, 1, 9999):0000}/{(i % 12) + 1:00}/");
        return FormattableString.Invariant(
            $"<!DOCTYPE html><html><head><title>{year:0000}-{month:00}</title></head><body><a href=\"{Link(index + 1)}\">next month</a> <a href=\"{Link(index - 1)}\">previous month</a></body></html>");
    }

    /// <summary>The host's rules followed by comment lines to 600 KiB, past the 500 KiB a parser must read.</summary>
    public static byte[] HugeRobots(byte[] rules)
    {
        var text = new StringBuilder(620 * 1024);
        text.Append(Encoding.ASCII.GetString(rules));
        while (text.Length < 600 * 1024)
        {
            text.Append("# filler comment line to make this robots.txt very large indeed\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>The host's rules among junk lines a robots.txt parser must skip.</summary>
    public static byte[] MalformedRobots(byte[] rules) => Encoding.ASCII.GetBytes(
        "<html><body>Oops, this is not a robots file</body></html>\n" +
        "this line has no colon at all\n" +
        "Unknown-directive: whatever\n" +
        "::::\n" +
        Encoding.ASCII.GetString(rules) +
        "\n\t \nCrawl-delay-ish nonsense\n");

    public static byte[] Latin1Prefix(int page) => Encoding.Latin1.GetBytes(
        $"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><title>Caf\u00e9 {page}</title>\n");

    public static byte[] Concat(byte[] prefix, ReadOnlySpan<byte> rest)
    {
        var all = new byte[prefix.Length + rest.Length];
        prefix.CopyTo(all, 0);
        rest.CopyTo(all.AsSpan(prefix.Length));
        return all;
    }

    private static byte[] CreateBinary()
    {
        var bytes = new byte[4096];
        new Random(12345).NextBytes(bytes);
        for (int k = 0; k < bytes.Length; k += 97)
        {
            bytes[k] = 0;
        }

        return bytes;
    }
}
