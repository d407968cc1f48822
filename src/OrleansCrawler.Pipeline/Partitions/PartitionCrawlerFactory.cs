using Microsoft.Extensions.Logging;
using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Robots;
using OrleansCrawler.Core.Safety;
using OrleansCrawler.Pipeline.Jobs;
using OrleansCrawler.Pipeline.Ports;
using OrleansCrawler.Pipeline.Stages;

namespace OrleansCrawler.Pipeline.Partitions;

/// <summary>Builds a partition's crawl from the silo's shared services: the one place where the stages before the fetch
/// are put in their order. Every stage object is the partition's own (traps, robots.txt cache, retry jitter and budget
/// state are per partition, like the hosts they track). The hosts' turns (<paramref name="gates"/>) are shared by every
/// job: in a silo, always given; without them (unit tests) politeness holds within each job only.</summary>
public sealed class PartitionCrawlerFactory(IPageFetcher sharedFetcher, IHostResolver resolver, FrontierJournal journal, PartitionDrain drain,
    RobotsOptions robots, TimeProvider time, ILoggerFactory loggers, IHostGates? gates = null)
{
    private readonly ILogger _logger = loggers.CreateLogger<PartitionCrawler>();

    /// <param name="silo">The silo's identity, for spans.</param>
    /// <param name="budget">The job's page budget (the job grain).</param>
    /// <param name="pages">Where fetched pages go (the parser grain on this silo).</param>
    public PartitionCrawler Create(JobRuntime job, int partition, string silo, IPageBudget budget, IPageHandler pages)
    {
        var settings = job.Settings;
        var frontier = new PartitionFrontier(settings.PerHostConcurrency, settings.MaxDepth, settings.Politeness);
        var control = new PartitionControl();
        // With --warc, robots.txt and page fetches alike are recorded (the recorder is the job's, per silo); every request
        // of the job, robots.txt included, carries its User-Agent, timeout and body limit.
        var recording = job.Recorder is { } recorder ? sharedFetcher.RecordingTo(recorder) : sharedFetcher;
        var jobFetcher = new ProfiledPageFetcher(recording, new FetchProfile(settings.UserAgent, settings.FetchTimeout, settings.MaxBodyBytes));
        IUrlStage[] stages =
        [
            new HostGivenUpStage(),
            new TrapStage(new TrapPolicy(settings.Traps)),
            new AddressStage(job.Addresses, resolver),
            new RobotsStage(new RobotsCache(jobFetcher, settings.UserAgent, robots, time)),
            new BudgetStage(budget, settings.MaxPages, control),
            new PolitenessStage(job.FetchSlots, control, time, job.Tag, gates,
                new HostTurnPolicy(job.JobId, settings.PerHostConcurrency, settings.FetchTimeout), job.PageSlots),
        ];
        var fetch = new FetchStage(jobFetcher, job.Addresses, partition, silo, time, job.Tag);
        var retry = new RetryStage(new RetryPolicy(settings.Retry, unchecked((settings.RandomSeed * 7919) + partition)), time, _logger);
        var pipeline = new UrlPipeline(stages, fetch, retry, frontier, pages, journal, job.JobId, partition, time);
        var errors = new ErrorTally(job.Tag);
        var settle = new SettleStage(journal, frontier, errors, job.JobId, partition, job.Tag);
        return new PartitionCrawler(job, partition, frontier, control, pipeline, settle, errors, drain, time, _logger, silo);
    }
}
