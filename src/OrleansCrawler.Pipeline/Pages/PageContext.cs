using AngleSharp.Html.Dom;
using OrleansCrawler.Core.Parsing;
using OrleansCrawler.Core.Urls;
using OrleansCrawler.Pipeline.Jobs;

namespace OrleansCrawler.Pipeline.Pages;

/// <summary>One page on its way through the page features: the page, its job, what the parser took from it (parsed
/// once, shared by every feature) and the silo it runs on.</summary>
public sealed class PageContext(FetchedPage page, JobRuntime job, ParsedPage? parsed, string silo, IHtmlDocument? document = null)
{
    private string? _authority;
    private Dictionary<Type, object>? _items;

    public FetchedPage Page { get; } = page;

    public JobRuntime Job { get; } = job;

    /// <summary>Title, links, canonical and robots directives of an HTML page; null when there was no HTML to parse.</summary>
    public ParsedPage? Parsed { get; } = parsed;

    /// <summary>The whole parsed document, text included, when a feature the job asked for reads it
    /// (<see cref="PageParse.Document"/>); null otherwise or without HTML. Shared: read it, never change it.</summary>
    public IHtmlDocument? Document { get; } = document;

    /// <summary>The links to follow (empty without HTML, and on a nofollow page).</summary>
    public IReadOnlyList<string> Links => Parsed?.Links ?? [];

    /// <summary>The silo's runtime identity, for spans.</summary>
    public string Silo { get; } = silo;

    /// <summary>The requested URL's authority (host and port).</summary>
    public string Authority => _authority ??= HostPartitioner.AuthorityOf(Page.Url);

    /// <summary>Leaves what a feature computed (the main text, a fingerprint) for the features after it, by its type.
    /// Set it before the feature's first await: the next feature starts then.</summary>
    public void Set<T>(T value)
        where T : class => (_items ??= [])[typeof(T)] = value;

    /// <summary>What a feature before this one left (<see cref="Set{T}"/>), or null.</summary>
    public T? Get<T>()
        where T : class => _items is not null && _items.TryGetValue(typeof(T), out var value) ? (T)value : null;
}
