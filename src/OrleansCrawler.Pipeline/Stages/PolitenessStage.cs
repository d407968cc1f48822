using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Pipeline.Partitions;
using OrleansCrawler.Pipeline.Ports;
using static OrleansCrawler.Core.Telemetry.CrawlerTelemetry;

namespace OrleansCrawler.Pipeline.Stages;

/// <summary>The politeness turn: waits until the host's clock (<see cref="HostPoliteness"/>: delay, Crawl-delay,
/// Retry-After, backoff, parking) lets a request start and one of the job's fetch slots on this silo is free, then marks
/// the start, with no await between the last check and the mark, so two workers of a host can never both pass. The slot
/// is taken inside the turn because the clock must be checked again once a slot is free. Also waits while the host's last
/// request has not gone out (<see cref="HostPoliteness.Unsent"/>). A granted URL holds the slot until its fetch ends; a
/// host given up meanwhile stores the URL as failed, a stopped job skips it.
/// <para>With <paramref name="gates"/> (always in a silo), the host's turn across all jobs (<see cref="HostGate"/>) is
/// asked for last, once this job's own clock lets the request start and before the fetch slot is taken: it holds the
/// per-host limit and the delay for every job crawling the host; the turn goes back after the fetch (UrlPipeline).</para>
/// <para>With <paramref name="pageSlots"/> (always in a silo: <c>JobRuntime.PageSlots</c>), one of them is taken before the
/// fetch slot and held until the URL's settle row is written (UrlPipeline), so a silo fetches no faster than it can
/// process what it fetched.</para></summary>
public sealed class PolitenessStage(SemaphoreSlim slots, PartitionControl control, TimeProvider time, KeyValuePair<string, object?> jobTag,
    IHostGates? gates = null, HostTurnPolicy? turns = null, SemaphoreSlim? pageSlots = null) : IUrlStage
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

            HostTurn? turn = null;
            if (gates is not null)
            {
                turn = await gates.AcquireAsync(url.Entry.Authority, turns!.Request(host.Delay));
                if (turn is null)
                {
                    continue;
                }
            }

            if (pageSlots is not null)
            {
                await pageSlots.WaitAsync();
            }

            await slots.WaitAsync();
            if (!host.IsGivenUp && !control.Stopped && (turn is not null || (host.Unsent is null && host.WaitTime(time.GetUtcNow()) == TimeSpan.Zero)))
            {
                var sent = host.Delay > TimeSpan.Zero || turn is { ReportSent: true } ? new RequestSent(time) : null;
                host.OnStart(time.GetUtcNow(), sent);
                if (turn is { } granted)
                {
                    url.Granted(slots, sent, gates!, granted);
                    if (granted.ReportSent)
                    {
                        _ = ReportSentAsync(url.Entry.Authority, granted, sent!);
                    }
                }
                else
                {
                    url.Granted(slots, sent);
                }

                if (pageSlots is not null)
                {
                    url.HoldPageSlot(pageSlots);
                }

                return true;
            }

            slots.Release();
            pageSlots?.Release();
            if (turn is { } unused)
            {
                gates!.Release(url.Entry.Authority, unused, null);
            }
        }
    }

    private async Task ReportSentAsync(string authority, HostTurn turn, RequestSent sent) => gates!.Sent(authority, turn, await sent.At);
}
