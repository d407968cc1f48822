using OrleansCrawler.TestSite.Graph;

namespace OrleansCrawler.TestSite.Rendering;

/// <summary>
/// Spells the href of a <see cref="Link"/> in the form the link asks for (absolute, upper-case scheme,
/// protocol-relative, root-relative, relative with "./" or "../", percent-encoded, with a fragment), or as a
/// mailto:, javascript: or same-document reference. The target's canonical path comes from the graph.
/// </summary>
internal sealed class HrefWriter(SiteGraph graph)
{
    private static readonly string[] JavascriptHrefs = ["javascript:void(0)", "javascript:window.print()", "javascript:history.back()"];

    public void Append(ByteBuilder o, in Link link, int host, ReadOnlySpan<char> baseDir, RenderScratch scratch)
    {
        switch (link.Kind)
        {
            case LinkKind.Mailto:
                o.Append("mailto:webmaster");
                o.Append(link.Number);
                o.Append("@host");
                o.Append(link.Host);
                o.Append(".example");
                return;
            case LinkKind.Javascript:
                o.Append(JavascriptHrefs[link.Number % JavascriptHrefs.Length]);
                return;
            case LinkKind.SelfFragment:
                AppendFragment(o, link.Fragment);
                return;
        }

        int pathLength = graph.WriteTargetPath(link, scratch.Path);
        ReadOnlySpan<char> path = scratch.Path.AsSpan(0, pathLength);
        var form = link.Host == host ? link.Form : link.Form switch
        {
            LinkForm.AbsoluteUpper or LinkForm.ProtocolRelative => link.Form,
            _ => LinkForm.Absolute, // relative spellings only reach the page's own host
        };
        switch (form)
        {
            case LinkForm.Absolute:
            case LinkForm.AbsoluteUpper:
            case LinkForm.ProtocolRelative:
                o.Append(form switch { LinkForm.Absolute => "http://", LinkForm.AbsoluteUpper => "HTTP://", _ => "//" });
                o.Append(graph.Authorities[link.Host]);
                AppendPath(o, path, link);
                break;
            case LinkForm.RootRelative:
                AppendPath(o, path, link);
                break;
            default:
                if (form == LinkForm.RelativeDot)
                {
                    o.Append("./");
                }
                else if (form == LinkForm.RelativeDotDot)
                {
                    // Up one directory and down again: "../s3/p9.html" from /s3/, "s0/../p9.html" from /.
                    int last = baseDir[..^1].LastIndexOf('/');
                    if (last < 0 || baseDir.Length == 1)
                    {
                        o.Append("s0/../");
                    }
                    else
                    {
                        o.Append("../");
                        o.Append(baseDir[(last + 1)..]);
                    }
                }

                int relLength = WriteRelative(baseDir, path, scratch.Relative);
                AppendPath(o, scratch.Relative.AsSpan(0, relLength), link);
                break;
        }

        AppendFragment(o, link.Fragment);
    }

    /// <summary>A reference to <paramref name="target"/> relative to the directory <paramref name="baseDir"/>.</summary>
    internal static int WriteRelative(ReadOnlySpan<char> baseDir, ReadOnlySpan<char> target, Span<char> dest)
    {
        int common = 0;
        for (int k = 0; k < baseDir.Length && k < target.Length && baseDir[k] == target[k]; k++)
        {
            if (baseDir[k] == '/')
            {
                common = k + 1;
            }
        }

        int written = 0;
        foreach (char c in baseDir[common..])
        {
            if (c == '/')
            {
                "../".CopyTo(dest[written..]);
                written += 3;
            }
        }

        target[common..].CopyTo(dest[written..]);
        written += target.Length - common;
        if (written == 0)
        {
            "./".CopyTo(dest);
            written = 2;
        }

        return written;
    }

    /// <summary>Writes a path, percent-encoding digits and the 'l' of its file name when the link asks.</summary>
    private static void AppendPath(ByteBuilder o, ReadOnlySpan<char> path, in Link link)
    {
        if (!link.Encoded)
        {
            o.Append(path);
            return;
        }

        int file = path.LastIndexOf('/') + 1;
        o.Append(path[..file]);
        foreach (char c in path[file..])
        {
            if (char.IsAsciiDigit(c))
            {
                o.Append('%');
                o.Append('3');
                o.Append(c);
            }
            else if (c == 'l')
            {
                o.Append(link.Number % 2 == 0 ? "%6C" : "%6c");
            }
            else
            {
                o.Append(c);
            }
        }
    }

    private static void AppendFragment(ByteBuilder o, int fragment)
    {
        if (fragment < 0)
        {
            return;
        }

        o.Append('#');
        if (fragment > 0)
        {
            o.Append("sec-");
            o.Append(fragment);
        }
    }
}
