using OrleansCrawler.Core.Content;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Pipeline.Jobs;
using OrleansCrawler.Pipeline.Pages;

namespace OrleansCrawler.Pipeline.Features;

/// <summary>Page text and Markdown (<c>--content text|markdown|html</c>): the main content of every HTML page without
/// its boilerplate, with language and word count (<see cref="ContentExtractor"/>), stored compressed as one row per
/// page (<see cref="IContentStore"/>) by the silo that parsed it. A page without HTML, or whose HTML has no text, gets
/// no row and no error.</summary>
public sealed class ContentFeature(IContentStore store) : IPageFeature
{
    public const string FeatureName = "content";

    public string Name => FeatureName;

    public PageParse Parse => PageParse.Document;

    public bool IsEnabled(JobRuntime job) => job.Settings.Content != ContentFormat.None;

    public Task RunAsync(PageContext page)
    {
        if (page.Document is not { } document
            || ContentExtractor.Extract(document, new Uri(page.Page.FinalUrl), page.Job.Settings.Content) is not { } content)
        {
            return Task.CompletedTask;
        }

        return store.SaveAsync(new PageContent(page.Page.JobId, page.Page.Url, page.Job.Settings.Content, content.Body, content.Language, content.Words));
    }
}
