namespace OrleansCrawler.TestSite.Graph;

/// <summary>How an href spells its target.</summary>
internal enum LinkForm : byte
{
    /// <summary><c>http://127.0.0.1:PORT/path</c></summary>
    Absolute,
    /// <summary><c>HTTP://127.0.0.1:PORT/path</c></summary>
    AbsoluteUpper,
    /// <summary><c>//127.0.0.1:PORT/path</c></summary>
    ProtocolRelative,
    /// <summary><c>/path</c></summary>
    RootRelative,
    /// <summary><c>p17.html</c>, <c>../s2/p9.html</c> (relative to the page's base)</summary>
    Relative,
    /// <summary><c>./p17.html</c></summary>
    RelativeDot,
    /// <summary><c>../s3/../s2/p9.html</c>: a detour through dot segments</summary>
    RelativeDotDot,
}
