using System.Diagnostics;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Safety;
using static OrleansCrawler.Core.Telemetry.CrawlerTelemetry;

namespace OrleansCrawler.Pipeline.Stages;

/// <summary>The fetch: one request through the <see cref="IPageFetcher"/> (connecting only to addresses the job's
/// <see cref="AddressPolicy"/> allows, marking the request sent for the politeness clock), then the fetch slot taken by
/// the politeness turn is given back and the fetch's duration goes to the host's clock (an adaptive delay follows it). Span <c>fetch</c>, and the in-flight and duration metrics.</summary>
public sealed class FetchStage(IPageFetcher fetcher, AddressPolicy addresses, int partition, string silo, TimeProvider time,
    KeyValuePair<string, object?> jobTag)
{
    public async Task<FetchResult> RunAsync(UrlContext url)
    {
        var entry = url.Entry;
        using var span = Source.StartActivity(Spans.Fetch);
        span?.SetTag(Attributes.Url, entry.Url).SetTag(Attributes.Host, entry.Authority).SetTag(Attributes.Partition, partition)
            .SetTag(Attributes.Depth, entry.Depth).SetTag(Attributes.Silo, silo);
        InFlight.Add(1, jobTag);
        var started = time.GetTimestamp();
        FetchResult result;
        try
        {
            result = await (url.Sent is { } sent ? fetcher.FetchAsync(url.Url, addresses, sent) : fetcher.FetchAsync(url.Url, addresses));
        }
        finally
        {
            url.ReleaseSlot();
            InFlight.Add(-1, jobTag);
            var took = time.GetElapsedTime(started);
            FetchDuration.Record(took.TotalSeconds, jobTag);
            // Back on the partition's scheduler, which owns the host's clock: an adaptive delay follows this time.
            url.Host.OnResponse(took);
        }

        span?.SetTag(Attributes.StatusCode, result.Status).SetTag(Attributes.Bytes, result.Bytes);
        if (result.Error is not null)
        {
            span?.SetStatus(ActivityStatusCode.Error, result.Error);
        }

        return result;
    }
}
