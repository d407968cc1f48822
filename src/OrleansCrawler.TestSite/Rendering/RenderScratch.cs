using OrleansCrawler.TestSite.Graph;

namespace OrleansCrawler.TestSite.Rendering;

/// <summary>Per-request working memory, pooled so that rendering a page allocates next to nothing.</summary>
internal sealed class RenderScratch
{
    public ByteBuilder Output { get; } = new();

    public List<Link> Links { get; } = new(64);

    public char[] Path { get; } = new char[SiteGraph.MaxPathLength];

    public char[] Relative { get; } = new char[SiteGraph.MaxPathLength * 2];

    public char[] BaseDirectory { get; } = new char[SiteGraph.MaxPathLength];
}
