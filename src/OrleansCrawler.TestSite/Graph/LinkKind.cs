namespace OrleansCrawler.TestSite.Graph;

internal enum LinkKind : byte
{
    /// <summary>An HTML page of the web (may be robots-disallowed).</summary>
    Page,
    /// <summary><c>href="#sec-N"</c>: the page itself.</summary>
    SelfFragment,
    Image,
    Pdf,
    /// <summary>A page index past the host's last page: 404.</summary>
    MissingBeyond,
    /// <summary>An existing page index under the wrong section directory: 404.</summary>
    MissingWrongSection,
    /// <summary>A path under <c>/missing/</c>: 404.</summary>
    MissingDirectory,
    Mailto,
    Javascript,
}
