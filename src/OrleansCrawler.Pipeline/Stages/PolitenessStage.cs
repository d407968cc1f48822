using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Pipeline.Partitions;
using static OrleansCrawler.Core.Telemetry.CrawlerTelemetry;

namespace OrleansCrawler.Pipeline.Stages;

/// <summary>The politeness turn: waits until the host's clock (<see cref="HostPoliteness"/>: delay, Crawl-delay,
/// Retry-After, backoff, parking) lets a request start and one of the job's fetch slots on this silo is free, then marks
/// the start, with no await between the last check and the mark, so two workers of a host can never both pass. The slot
/// is taken inside the turn because the clock must be checked again once a slot is free. Also waits while the host's last
/// request has not gone out (<see cref="HostPoliteness.Unsent"/>). A granted URL holds the slot until its fetch ends; a
/// host given up meanwhile stores the URL as failed, a stopped job skips it.</summary>
public sealed class PolitenessStage(SemaphoreSlim slots, PartitionControl control, TimeProvider time, KeyValuePair<string, object?> jobTag) : IUrlStage
{
    public string Name => "politeness";

    public async ValueTask<StageStop?> RunAsync(UrlContext url)
    {
        var waitStarted = time.GetTimestamp();
        var granted = await WaitForTurnAsync(url);
        PolitenessWait.Record(time.GetElapsedTime(waitStarted).TotalSeconds, jobTag);
        if (granted)
        {
            return null;
        }

        return control.Stopped
            ? StageStop.Settle(CrawlOutcome.Skipped, StageStop.JobStopped)
            : StageStop.Store(CrawlOutcome.Failed, url.Host.GivenUpReason!);
    }

    private async Task<bool> WaitForTurnAsync(UrlContext url)
    {
        var host = url.Host;
        while (true)
        {
            if (host.IsGivenUp || control.Stopped)
            {
                return false;
            }

            if (host.Unsent is { } unsent)
            {
                await unsent;
                continue;
            }

            var wait = host.WaitTime(time.GetUtcNow());
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time);
                continue;
            }

            await slots.WaitAsync();
            if (!host.IsGivenUp && !control.Stopped && host.Unsent is null && host.WaitTime(time.GetUtcNow()) == TimeSpan.Zero)
            {
                var sent = host.Delay > TimeSpan.Zero ? new RequestSent(time) : null;
                host.OnStart(time.GetUtcNow(), sent);
                url.Granted(slots, sent);
                return true;
            }

            slots.Release();
        }
    }
}
