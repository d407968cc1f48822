using System.Text;
using OrleansCrawler.TestSite.Graph;
using OrleansCrawler.TestSite.Rendering;

namespace OrleansCrawler.TestSite.Tests;

/// <summary>Every page of a web, rendered without HTTP: bounds that a sample could miss.</summary>
public sealed class PageRendererTests
{
    [Theory]
    [InlineData(1, 3000, 5)]
    [InlineData(2, 1000, 1)]
    [InlineData(42, 200, 20)]
    public void EveryPage_Is15To40KbWith30To60Links(int seed, int pages, int hosts)
    {
        var graph = new SiteGraph(seed, pages, [.. Enumerable.Range(0, hosts).Select(h => $"127.0.0.1:{40000 + h}")]);
        var renderer = new PageRenderer(graph);
        var scratch = new RenderScratch();
        for (int host = 0; host < hosts; host++)
        {
            for (int page = 0; page < graph.PageCount(host); page++)
            {
                renderer.RenderPage(host, page, scratch);
                int size = scratch.Output.Length;
                int links = Html.Hrefs(Encoding.ASCII.GetString(scratch.Output.WrittenSpan)).Count;

                Assert.True(size is >= 15 * 1024 and <= 40 * 1024, $"host {host} page {page}: {size} bytes");
                Assert.True(links is >= 30 and <= 60, $"host {host} page {page}: {links} links");
            }
        }
    }
}
