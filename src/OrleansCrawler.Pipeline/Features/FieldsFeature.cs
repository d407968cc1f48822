using System.Runtime.CompilerServices;
using OrleansCrawler.Core.Fields;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Pipeline.Jobs;
using OrleansCrawler.Pipeline.Pages;

namespace OrleansCrawler.Pipeline.Features;

/// <summary>Fields from CSS selectors (<c>--extract rules.yaml</c>; docs/fields.md): the job's rules, compiled once per
/// job and silo, run on each HTML page's parsed document; a page whose final URL matches a rule set gets one row of
/// fields (<see cref="IFieldStore"/>), with its missing required fields and its extraction errors. A field that throws on
/// one page is recorded as that page's error; the crawl goes on. On only for jobs with rules, which then parse pages in
/// full (<see cref="PageParse.Document"/>).</summary>
public sealed class FieldsFeature(IFieldStore store) : IPageFeature
{
    public const string FeatureName = "fields";

    private readonly ConditionalWeakTable<JobRuntime, FieldExtractor> _extractors = [];

    public string Name => FeatureName;

    public PageParse Parse => PageParse.Document;

    public bool IsEnabled(JobRuntime job) => job.Settings.Fields.Count > 0;

    public Task RunAsync(PageContext page)
    {
        if (page.Document is not { } document)
        {
            return Task.CompletedTask;
        }

        var extractor = _extractors.GetValue(page.Job, job => new FieldExtractor(job.Settings.Fields));
        return extractor.Extract(document, page.Page.FinalUrl) is { } fields
            ? store.SaveAsync(PageFields.Of(page.Page.JobId, page.Page.Url, fields))
            : Task.CompletedTask;
    }
}
