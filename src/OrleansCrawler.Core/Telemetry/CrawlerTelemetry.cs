using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OrleansCrawler.Core.Telemetry;

/// <summary>The crawler's telemetry names in one place: the <see cref="ActivitySource"/> and <see cref="Meter"/>
/// (both "OrleansCrawler"), span and attribute names, and the instruments. With no listener, starting a span returns
/// null and recording a measurement is a no-op, so the crawl pays almost nothing when telemetry is off.</summary>
public static class CrawlerTelemetry
{
    public const string Name = "OrleansCrawler";

    /// <summary>Orleans' grain-call spans (with activity propagation on).</summary>
    public const string OrleansApplicationSource = "Microsoft.Orleans.Application";

    /// <summary>Where Orleans files grain calls of interfaces in namespaces starting with "Orleans" — which includes
    /// "OrleansCrawler", so the crawler's own grain calls are there (beside runtime internals to filter out).</summary>
    public const string OrleansRuntimeSource = "Microsoft.Orleans.Runtime";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Span names.</summary>
    public static class Spans
    {
        public const string Submit = "submit";
        public const string Enqueue = "enqueue";
        public const string Page = "page";
        public const string Robots = "robots";
        public const string Fetch = "fetch";
        public const string Parse = "parse";
        public const string Store = "store";
        public const string Route = "route";
    }

    /// <summary>Attribute (tag) names, on spans and measurements.</summary>
    public static class Attributes
    {
        public const string Job = "job";
        public const string Url = "url";
        public const string Host = "host";
        public const string Partition = "partition";
        public const string Depth = "depth";
        public const string StatusCode = "http.response.status_code";
        public const string Bytes = "bytes";
        public const string Silo = "silo";
        public const string Count = "count";
        public const string Accepted = "accepted";
        public const string Outcome = "outcome";
        public const string Error = "error";
        public const string ErrorKind = "error.kind";
        public const string Allowed = "allowed";
        public const string Links = "links";
        public const string Seeds = "seeds";

        /// <summary>On a <c>page</c> span: the stage that stopped the URL before its fetch (its reason in <see cref="Error"/>).</summary>
        public const string Stage = "stage";
    }

    /// <summary>Metric names.</summary>
    public static class Metrics
    {
        public const string PagesFetched = "ocrawl.pages.fetched";
        public const string Bytes = "ocrawl.bytes";
        public const string FetchDuration = "ocrawl.fetch.duration";
        public const string InFlight = "ocrawl.fetch.in_flight";
        public const string FrontierSize = "ocrawl.frontier.size";
        public const string Errors = "ocrawl.errors";
        public const string RobotsDenied = "ocrawl.robots.denied";
        public const string PolitenessWait = "ocrawl.politeness.wait";
    }

    public static readonly Counter<long> PagesFetched = Meter.CreateCounter<long>(Metrics.PagesFetched, "{page}", "URLs fetched with a response");

    public static readonly Counter<long> Bytes = Meter.CreateCounter<long>(Metrics.Bytes, "By", "Body bytes fetched");

    public static readonly Histogram<double> FetchDuration = Meter.CreateHistogram<double>(Metrics.FetchDuration, "s", "Time of one fetch, redirects and body included");

    public static readonly UpDownCounter<long> InFlight = Meter.CreateUpDownCounter<long>(Metrics.InFlight, "{request}", "Fetches in flight");

    public static readonly Counter<long> Errors = Meter.CreateCounter<long>(Metrics.Errors, "{url}", "URLs settled with an error, by kind");

    public static readonly Counter<long> RobotsDenied = Meter.CreateCounter<long>(Metrics.RobotsDenied, "{url}", "URLs not fetched because robots.txt disallows them");

    public static readonly Histogram<double> PolitenessWait = Meter.CreateHistogram<double>(Metrics.PolitenessWait, "s", "Time a URL waited for its host's politeness clock and a fetch slot");

    private static readonly ConcurrentDictionary<object, Func<Measurement<long>>> Frontiers = new();

    static CrawlerTelemetry() =>
        Meter.CreateObservableUpDownCounter(Metrics.FrontierSize, () => Frontiers.Values.Select(f => f()), "{url}", "URLs queued in the partitions of this silo");

    /// <summary>Reports a partition's queue in <see cref="Metrics.FrontierSize"/> until <see cref="UntrackFrontier"/>.</summary>
    public static void TrackFrontier(object owner, Func<Measurement<long>> size) => Frontiers[owner] = size;

    public static void UntrackFrontier(object owner) => Frontiers.TryRemove(owner, out _);

    /// <summary>The job tag of a measurement.</summary>
    public static KeyValuePair<string, object?> JobTag(string jobId) => new(Attributes.Job, jobId);

    /// <summary>The W3C traceparent of the span, to carry in a message (null without a span).</summary>
    public static string? TraceParentOf(Activity? activity) => activity?.Id is { } id && activity.IdFormat == ActivityIdFormat.W3C ? id : null;

    /// <summary>A root span (no parent, whatever <see cref="Activity.Current"/> is) linked to the span that caused it,
    /// e.g. a page's span linked to the span of the page that discovered it.</summary>
    public static Activity? StartLinkedRoot(string name, string? linkedTraceParent, ActivityKind kind = ActivityKind.Internal)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        Activity.Current = null;
        ActivityLink[]? links = linkedTraceParent is not null && ActivityContext.TryParse(linkedTraceParent, null, out var linked) ? [new ActivityLink(linked)] : null;
        return Source.StartActivity(name, kind, default(ActivityContext), links: links);
    }
}
