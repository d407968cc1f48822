using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansCrawler.Core.Parsing;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Grains.Jobs;
using OrleansCrawler.Infrastructure.Http;
using OrleansCrawler.Infrastructure.Storage;

namespace OrleansCrawler.Silo.Hosting;

/// <summary>Registers what the crawler's grains need on a silo: options, fetcher, parser, page store.</summary>
public static class CrawlerServiceCollectionExtensions
{
    public static IServiceCollection AddCrawler(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FetcherOptions>().Bind(configuration.GetSection(FetcherOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<JobRuntimeRegistry>();
        services.AddSingleton<HtmlPageParser>();
        services.AddSingleton<IHostResolver>(sp => new CachingHostResolver(sp.GetRequiredService<IOptions<FetcherOptions>>().Value.DnsCacheTtl, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPageFetcher>(sp => new HttpPageFetcher(sp.GetRequiredService<IOptions<FetcherOptions>>().Value, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IHostResolver>()));
        services.AddSingleton(sp => SqlitePageStore.Open(sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory));
        services.AddSingleton<IPageStore>(sp => sp.GetRequiredService<SqlitePageStore>());
        return services;
    }
}
