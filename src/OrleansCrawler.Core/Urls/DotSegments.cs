using OrleansCrawler.Core.Text;

namespace OrleansCrawler.Core.Urls;

/// <summary>Removal of "." and ".." path segments (RFC 3986 §5.2.4), done in place on the path just written.</summary>
internal static class DotSegments
{
    /// <summary>RFC 3986 §5.2.4 on the path that starts at <paramref name="start"/> (it begins with '/' or is
    /// empty), in place: the output is never longer than the input. An empty result becomes "/".</summary>
    public static void Remove(ref ValueStringBuilder sb, int start)
    {
        var buf = sb.RawChars;
        var end = sb.Length;
        var w = start;
        var i = start;
        while (i < end)
        {
            // buf[i] == '/': a segment runs to the next '/' or the end.
            var segStart = i + 1;
            var rel = buf[segStart..end].IndexOf('/');
            var segEnd = rel < 0 ? end : segStart + rel;
            var seg = buf[segStart..segEnd];
            var last = segEnd == end;
            if (seg is ".")
            {
                if (last)
                {
                    buf[w++] = '/';
                }
            }
            else if (seg is "..")
            {
                var prev = buf[start..w].LastIndexOf('/');
                w = prev < 0 ? start : start + prev;
                if (last)
                {
                    buf[w++] = '/';
                }
            }
            else
            {
                buf[w++] = '/';
                seg.CopyTo(buf[w..]);
                w += seg.Length;
            }

            i = segEnd;
        }

        sb.Length = w;
        if (w == start)
        {
            sb.Append('/');
        }
    }
}
