namespace OrleansCrawler.TestSite;

/// <summary>A misbehaviour a host of the test web can be switched to (see docs/testsite.md, "Faults").
/// "Affected pages" are the host's pages whose number ends in 3 (page % 10 == 3); the root never is, except
/// where a mode says "every".</summary>
public enum FaultMode
{
    None,
    /// <summary>The host's first <see cref="HostFault.Count"/> page requests answer 503 without Retry-After.</summary>
    ServerErrorBurst,
    /// <summary>The first <see cref="HostFault.Count"/> page requests answer 429 with <c>Retry-After: {RetryAfterSeconds}</c>.</summary>
    RetryAfterSeconds,
    /// <summary>The first <see cref="HostFault.Count"/> page requests answer 503 with Retry-After as an HTTP-date at
    /// least <see cref="HostFault.RetryAfterSeconds"/> ahead.</summary>
    RetryAfterDate,
    /// <summary>Every page request (the root too) answers 500: the host is dead.</summary>
    ServerErrorForever,
    /// <summary>Affected pages send their headers after <see cref="HostFault.Delay"/>.</summary>
    SlowResponse,
    /// <summary>Affected pages drip their body, 16 bytes every 100 ms.</summary>
    SlowDrip,
    /// <summary>Affected pages declare a Content-Length 1000 bytes longer than they send, then cut the connection.</summary>
    Truncated,
    /// <summary>Affected pages are 16 MiB.</summary>
    HugePage,
    /// <summary>Affected pages are 64 MiB of zeros, gzip-compressed (about 64 KiB on the wire).</summary>
    GzipBomb,
    /// <summary>Affected pages redirect (same host) through <c>?hop=1</c>, <c>?hop=2</c>, <c>?hop=3</c> to the page.</summary>
    RedirectChain,
    /// <summary>Affected pages redirect to <c>?loop=1</c>, which redirects back.</summary>
    RedirectLoop,
    /// <summary>Affected pages answer 301 to the same path on the next host, or to <see cref="HostFault.Target"/> when set.</summary>
    CrossHostRedirect,
    /// <summary>The root links to an endless calendar (<c>/calendar?month=N</c> links to N+1) and an endlessly deeper
    /// path (<c>/trap/x/</c> links to <c>x/</c>).</summary>
    CalendarTrap,
    /// <summary>The root links to <see cref="HostFault.Target"/> (e.g. a server that is not a seed).</summary>
    ForeignLink,
    /// <summary>Affected pages start with broken markup (unclosed and stray tags, bad entities); their links are intact.</summary>
    MalformedHtml,
    /// <summary>Every page says <c>charset=x-unknown-charset</c> in its Content-Type.</summary>
    WrongCharset,
    /// <summary>Affected pages have no charset in the header and begin with a windows-1252 meta declaration and a
    /// title with 0xE9 ("Café").</summary>
    MissingCharset,
    /// <summary>Affected pages are 4 KiB of binary (with NUL bytes) served as text/html.</summary>
    BinaryAsHtml,
    /// <summary>robots.txt answers 404 (allow all).</summary>
    RobotsNotFound,
    /// <summary>robots.txt answers 500 (disallow all).</summary>
    RobotsServerError,
    /// <summary>robots.txt answers after <see cref="HostFault.Delay"/> (unreachable: disallow all).</summary>
    RobotsTimeout,
    /// <summary>robots.txt is its usual rules followed by about 600 KiB of comments.</summary>
    RobotsHuge,
    /// <summary>robots.txt has junk lines (HTML, unknown directives, lines without a colon) around its usual rules.</summary>
    RobotsMalformed,
    /// <summary>robots.txt redirects (same host) to /robots-real.txt, which has the usual rules.</summary>
    RobotsRedirect,
    /// <summary>The root links to a never-ending calendar built from path segments, no query: <c>/cal/YYYY/MM/</c>
    /// links to the next and the previous month, forever (issue 18's trap).</summary>
    PathCalendar,
}
