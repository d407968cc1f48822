using OrleansCrawler.Core.Parsing;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.Pipeline.Jobs;

namespace OrleansCrawler.Pipeline.Pages;

/// <summary>One page on its way through the page features: the page, its job, what the parser took from it (parsed
/// once, shared by every feature) and the silo it runs on.</summary>
public sealed class PageContext(FetchedPage page, JobRuntime job, ParsedPage? parsed, string silo)
{
    private string? _authority;

    public FetchedPage Page { get; } = page;

    public JobRuntime Job { get; } = job;

    /// <summary>Title, links, canonical and robots directives of an HTML page; null when there was no HTML to parse.</summary>
    public ParsedPage? Parsed { get; } = parsed;

    /// <summary>The links to follow (empty without HTML, and on a nofollow page).</summary>
    public IReadOnlyList<string> Links => Parsed?.Links ?? [];

    /// <summary>The silo's runtime identity, for spans.</summary>
    public string Silo { get; } = silo;

    /// <summary>The requested URL's authority (host and port).</summary>
    public string Authority => _authority ??= HostPartitioner.AuthorityOf(Page.Url);
}
