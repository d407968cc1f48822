using OrleansCrawler.Pipeline.Jobs;

namespace OrleansCrawler.Pipeline.Pages;

/// <summary>One thing done with every page after its fetch and parse: store its result, route its links, and what the
/// content features add. A feature is this class plus one registration line in hosting
/// (<c>services.AddPageFeature&lt;T&gt;()</c>); the grains only run the <see cref="PagePipeline"/>.
/// <para>Features start in registration order, and each runs until its first await before the next one starts: what a
/// feature computes before it awaits is there for the features after it, and their writes overlap. The pipeline opens a
/// span named <see cref="Name"/> around each feature, with the page's job, URL, host, depth, status, bytes and silo.</para>
/// <para>Errors: a feature that cannot use one page's content records that and returns normally; an exception means its
/// output could not be made durable, and the URL is crawled again (at-least-once), so only a failure worth a retry may
/// escape.</para></summary>
public interface IPageFeature
{
    /// <summary>The feature's name: the name of its span.</summary>
    string Name { get; }

    /// <summary>Whether the job asked for this feature: its option in the job's settings (or the silo's, for a feature set up per
    /// silo); asked once per job and silo.</summary>
    bool IsEnabled(JobRuntime job);

    /// <summary>How much of the page it reads: a page is parsed once, as fully as the most demanding feature the job
    /// asked for needs.</summary>
    PageParse Parse => PageParse.Links;

    /// <summary>Does the feature's work on one page; completes when its output is durable.</summary>
    Task RunAsync(PageContext page);
}
