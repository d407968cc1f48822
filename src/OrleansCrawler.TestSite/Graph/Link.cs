namespace OrleansCrawler.TestSite.Graph;

/// <summary>
/// One <c>&lt;a href&gt;</c> of a page in the graph model: its canonical target (kind, host, number)
/// and how the href spells it. The renderer writes the spelling; the truth uses only the target.
/// </summary>
/// <param name="Number">Page index, image or PDF number, or missing-page number.</param>
/// <param name="Variant">Section digit for <see cref="LinkKind.MissingWrongSection"/>.</param>
/// <param name="Encoded">Percent-encode unreserved characters of the file name (<c>p%31%37.html</c>).</param>
/// <param name="Fragment">-1 for none, 0 for a bare <c>#</c>, n for <c>#sec-n</c>.</param>
/// <param name="SingleQuoted">Write <c>&lt;a class="x" href='...'&gt;</c> instead of the plain form.</param>
internal readonly record struct Link(
    LinkKind Kind,
    int Host,
    int Number,
    LinkForm Form,
    int Variant = 0,
    bool Encoded = false,
    int Fragment = -1,
    bool SingleQuoted = false)
{
    /// <summary>True when following the link may reach an HTML page of the web.</summary>
    public bool TargetsPage => Kind is LinkKind.Page or LinkKind.SelfFragment;
}
