using System.Runtime.CompilerServices;
using OrleansCrawler.Core.Parsing;
using OrleansCrawler.Pipeline.Jobs;
using static OrleansCrawler.Core.Telemetry.CrawlerTelemetry;

namespace OrleansCrawler.Pipeline.Pages;

/// <summary>After the fetch: parse the page once (AngleSharp, <see cref="HtmlPageParser"/>), then run the page features
/// the job asked for (<see cref="IPageFeature"/>), each in its own span under the page's <c>parse</c> span. Completes
/// when every feature's output is durable. Holds no state of its own and never returns to its caller's scheduler
/// (<c>ConfigureAwait(false)</c>), so in the parser grain only the end of a page is a grain turn.</summary>
public sealed class PagePipeline(JobRuntimeRegistry jobs, HtmlPageParser parser, IEnumerable<IPageFeature> features)
{
    private readonly IPageFeature[] _features = [.. features];
    private readonly ConditionalWeakTable<JobRuntime, JobFeatures> _enabled = [];

    /// <summary>Every registered feature, in the order they run.</summary>
    public IReadOnlyList<IPageFeature> Features => _features;

    public async Task ProcessAsync(FetchedPage page, string silo)
    {
        // The span covers parsing and the features, which are its children.
        using var span = Source.StartActivity(Spans.Parse);
        var job = jobs.Get(page.JobId);
        var enabled = EnabledFor(job);
        // A nofollow page (meta robots or X-Robots-Tag) comes back without links, so nothing is routed.
        var document = page.Html is not null && enabled.Parse == PageParse.Document
            ? parser.ParseDocument(page.Html, new Uri(page.FinalUrl), page.RobotsTag)
            : null;
        var parsed = document?.Page ?? (page.Html is null ? null : parser.Parse(page.Html, new Uri(page.FinalUrl), page.RobotsTag));
        var context = new PageContext(page, job, parsed, silo, document?.Document);
        if (span is not null)
        {
            Describe(span, context).SetTag(Attributes.Links, context.Links.Count);
        }

        var features = enabled.Features;
        if (features.Length == 1)
        {
            await RunAsync(features[0], context).ConfigureAwait(false);
            return;
        }

        var running = new Task[features.Length];
        for (var i = 0; i < features.Length; i++)
        {
            running[i] = RunAsync(features[i], context);
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    /// <summary>The features the job asked for, in registration order.</summary>
    public IReadOnlyList<IPageFeature> EnabledFeatures(JobRuntime job) => EnabledFor(job).Features;

    private JobFeatures EnabledFor(JobRuntime job) => _enabled.GetValue(job, j =>
    {
        IPageFeature[] enabled = [.. _features.Where(f => f.IsEnabled(j))];
        return new JobFeatures(enabled, enabled.Any(f => f.Parse == PageParse.Document) ? PageParse.Document : PageParse.Links);
    });

    private static async Task RunAsync(IPageFeature feature, PageContext page)
    {
        using var span = Source.StartActivity(feature.Name);
        if (span is not null)
        {
            Describe(span, page);
        }

        await feature.RunAsync(page).ConfigureAwait(false);
    }

    private static System.Diagnostics.Activity Describe(System.Diagnostics.Activity span, PageContext page) =>
        span.SetTag(Attributes.Job, page.Page.JobId).SetTag(Attributes.Url, page.Page.Url).SetTag(Attributes.Host, page.Authority)
            .SetTag(Attributes.Depth, page.Page.Depth).SetTag(Attributes.StatusCode, page.Page.Status).SetTag(Attributes.Bytes, page.Page.Bytes)
            .SetTag(Attributes.Silo, page.Silo);

    /// <summary>A job's enabled features and how fully its pages are parsed for them.</summary>
    private sealed record JobFeatures(IPageFeature[] Features, PageParse Parse);
}
