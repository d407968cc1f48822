namespace OrleansCrawler.TestSite.Graph;

internal enum BaseHrefKind : byte
{
    None,
    /// <summary><c>&lt;base href="http://127.0.0.1:PORT/s3/"&gt;</c></summary>
    AbsoluteDirectory,
    /// <summary><c>&lt;base href="/s3/"&gt;</c></summary>
    RootRelativeDirectory,
    /// <summary><c>&lt;base href="/s3/index.html"&gt;</c>: relative links resolve against <c>/s3/</c>.</summary>
    RootRelativeFile,
}

/// <summary>A page's <c>&lt;base href&gt;</c>; <paramref name="Section"/> -1 means the root directory.</summary>
internal readonly record struct BaseHref(BaseHrefKind Kind, int Section);
