using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansCrawler.Core.Frontier;
using OrleansCrawler.Core.Parsing;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Results;
using OrleansCrawler.Core.Robots;
using OrleansCrawler.Grains.Dedup;
using OrleansCrawler.Grains.Frontier;
using OrleansCrawler.Grains.Jobs;
using OrleansCrawler.Grains.Parsing;
using OrleansCrawler.Grains.Politeness;
using OrleansCrawler.Infrastructure.Http;
using OrleansCrawler.Infrastructure.Storage;
using OrleansCrawler.Infrastructure.Warc;
using OrleansCrawler.Pipeline.Features;
using OrleansCrawler.Pipeline.Jobs;
using OrleansCrawler.Pipeline.Pages;
using OrleansCrawler.Pipeline.Partitions;
using OrleansCrawler.Pipeline.Ports;
using OrleansCrawler.WebConsole.Hosting;

namespace OrleansCrawler.Silo.Hosting;

/// <summary>Registers what the crawler's grains need on a silo: options, fetcher, the stages of the crawl and the page
/// features, job, frontier and page stores.</summary>
public static class CrawlerServiceCollectionExtensions
{
    public static IServiceCollection AddCrawler(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FetcherOptions>().Bind(configuration.GetSection(FetcherOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RobotsOptions>().Bind(configuration.GetSection(RobotsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        var storage = SiloSettings.Read<StorageOptions>(configuration, StorageOptions.SectionName);
        SiloSettings.Validate(storage);
        services.AddCrawlerTelemetry(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<JobRuntimeRegistry>();
        // A job's partitions dealt round the silos in turn (UrlPartitionGrain, docs/scale.md).
        services.AddPlacementDirector<PartitionPlacement, PartitionPlacementDirector>();
        // Start-up (issue 16): an embedded `ocrawl run` hears its job finish at once instead of at its next poll.
        services.AddSingleton<JobFinishedSignal>();
        services.AddSingleton<LinkRouter>();
        services.AddSingleton<ILinkRouter>(sp => sp.GetRequiredService<LinkRouter>());
        services.AddSingleton<HtmlPageParser>();
        services.AddSingleton<PagePipeline>();
        services.AddSingleton(sp => new PartitionCrawlerFactory(sp.GetRequiredService<IPageFetcher>(), sp.GetRequiredService<IHostResolver>(),
            sp.GetRequiredService<FrontierJournal>(), sp.GetRequiredService<PartitionDrain>(), sp.GetRequiredService<IOptions<RobotsOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<IHostGates>()));
        // Politeness across jobs: each host's turns come from one grain keyed by the host, whatever job asks.
        services.AddSingleton<IHostGates, HostGateGrains>();
        // The page features, in the order they run on every page (each switched on by its job option; see IPageFeature).
        // Near duplicates (--dedup, docs/dedup.md): first, so the result row and --skip-duplicates can wait for its verdict.
        services.AddSingleton<IDuplicateIndex>(sp => new GrainDuplicateIndex(sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<TimeProvider>()));
        services.AddPageFeature<DuplicateFeature>();
        services.AddPageFeature<ResultStoreFeature>();
        services.AddPageFeature<LinkRoutingFeature>();
        services.AddPageFeature<LinkGraphFeature>();
        // WARC archives (--warc, docs/warc.md): one writer per job on this silo; Crawler:Warc roots relative job folders.
        var warc = configuration.GetSection(WarcOptions.SectionName).Get<WarcOptions>() ?? new WarcOptions();
        services.AddSingleton<IExchangeRecorderFactory>(sp => new WarcRecorderFactory(warc, sp.GetRequiredService<TimeProvider>()));
        services.AddPageFeature<ContentFeature>();
        // Fields from CSS selectors (--extract, docs/fields.md).
        services.AddPageFeature<FieldsFeature>();
        services.AddSingleton<IHostResolver>(sp => new CachingHostResolver(sp.GetRequiredService<IOptions<FetcherOptions>>().Value.DnsCacheTtl, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPageFetcher>(sp => new HttpPageFetcher(sp.GetRequiredService<IOptions<FetcherOptions>>().Value, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IHostResolver>()));
        services.AddSingleton(sp =>
        {
            var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansCrawler.Storage");
            return new CrawlerHealth(sp.GetRequiredService<TimeProvider>(), (message, error) =>
            {
                if (error is null)
                {
                    log.LogWarning("{Message}", message);
                }
                else
                {
                    log.LogWarning(error, "{Message}", message);
                }
            });
        });
        // Registered as a silo lifecycle participant: a graceful stop lets in-flight URLs settle before grains deactivate.
        services.AddSingleton<PartitionDrain>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new PartitionDrainParticipant(sp.GetRequiredService<PartitionDrain>()));
        // The hosts view of partitions no longer in memory (docs/console.md, "Hosts").
        services.AddSingleton<PartitionHostsKeeper>();
        services.AddSingleton(sp => new FrontierJournal(sp.GetRequiredService<IFrontierStore>(), sp.GetRequiredService<CrawlerHealth>().Frontier,
            sp.GetRequiredService<TimeProvider>()));
        if (configuration.GetValue("Crawler:Jobs:KeepRunningJobs", true))
        {
            services.AddHostedService<JobKeeper>();
        }

        switch (storage.Provider)
        {
            case StorageProvider.Sqlite:
                services.AddSingleton(sp => SqlitePageStore.Open(storage.DataDirectory, sp.GetRequiredService<CrawlerHealth>().Results));
                services.AddSingleton<IPageStore>(sp => sp.GetRequiredService<SqlitePageStore>());
                services.AddSingleton<IJobStore>(_ => SqliteJobStore.Open(storage.DataDirectory));
                services.AddSingleton<IFrontierStore>(_ => SqliteFrontierStore.Open(storage.DataDirectory));
                services.AddSingleton<IHostSummaryStore>(_ => SqliteHostSummaryStore.Open(storage.DataDirectory));
                services.AddSingleton<ILinkStore>(sp => SqliteLinkStore.Open(storage.DataDirectory, sp.GetRequiredService<CrawlerHealth>().Results));
                services.AddSingleton<IContentStore>(sp => SqliteContentStore.Open(storage.DataDirectory, sp.GetRequiredService<CrawlerHealth>().Results));
                services.AddSingleton<IFieldStore>(sp => SqliteFieldStore.Open(storage.DataDirectory, sp.GetRequiredService<CrawlerHealth>().Results));
                break;
            case StorageProvider.Postgres:
                services.AddSingleton(_ => NpgsqlDataSource.Create(storage.Postgres!));
                services.AddSingleton(sp => new PostgresPageStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<CrawlerHealth>().Results));
                services.AddSingleton<IPageStore>(sp => sp.GetRequiredService<PostgresPageStore>());
                services.AddSingleton<IJobStore, PostgresJobStore>();
                services.AddSingleton<IFrontierStore, PostgresFrontierStore>();
                services.AddSingleton<IHostSummaryStore, PostgresHostSummaryStore>();
                services.AddSingleton<ILinkStore>(sp => new PostgresLinkStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<CrawlerHealth>().Results));
                services.AddSingleton<IContentStore>(sp => new PostgresContentStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<CrawlerHealth>().Results));
                services.AddSingleton<IFieldStore>(sp => new PostgresFieldStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<CrawlerHealth>().Results));
                // Registered before the silo (UseOrleans), so the schema exists before any grain runs.
                services.AddHostedService<PostgresMigrationService>();
                break;
        }

        // Web console and REST API (docs/console.md): only when Crawler:Console:Port is set.
        try
        {
            services.AddCrawlerConsole(configuration);
        }
        catch (WebConsole.Hosting.ConsoleConfigurationException ex)
        {
            throw new CrawlerConfigurationException(ex.Message);
        }

        return services;
    }
}
