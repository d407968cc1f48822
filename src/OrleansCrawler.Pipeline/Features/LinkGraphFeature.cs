using OrleansCrawler.Core.Parsing;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Pipeline.Jobs;
using OrleansCrawler.Pipeline.Pages;

namespace OrleansCrawler.Pipeline.Features;

/// <summary>The link graph (<c>--links</c>): every outlink of every HTML page (target, anchor text, rel nofollow /
/// sponsored / ugc, in the job's scope or not), nofollow ones and those of a nofollow page included, stored as one row
/// per page (<see cref="ILinkStore"/>) for <c>ocrawl export --format links</c>. Reads the page's text for the anchors.</summary>
public sealed class LinkGraphFeature(ILinkStore store) : IPageFeature
{
    public const string FeatureName = "links";

    public string Name => FeatureName;

    public PageParse Parse => PageParse.Document;

    public bool IsEnabled(JobRuntime job) => job.Settings.LinkGraph;

    public Task RunAsync(PageContext page)
    {
        if (page.Document is not { } document)
        {
            return Task.CompletedTask;
        }

        var anchors = AnchorExtractor.Extract(document, new Uri(page.Page.FinalUrl));
        var links = new Outlink[anchors.Count];
        for (var i = 0; i < anchors.Count; i++)
        {
            var a = anchors[i];
            links[i] = new Outlink(a.Url, a.Text, a.Rel, page.Job.Scope.IsInScope(a.Url));
        }

        return store.SaveAsync(new PageOutlinks(page.Page.JobId, page.Page.Url, links));
    }
}
