using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansCrawler.Pipeline.Pages;

namespace OrleansCrawler.Silo.Hosting;

public static class PageFeatureServiceCollectionExtensions
{
    /// <summary>Adds a page feature to every page of the jobs that ask for it (<see cref="IPageFeature.IsEnabled"/>),
    /// after the features registered before it. One instance per silo, shared by all jobs and pages.</summary>
    public static IServiceCollection AddPageFeature<TFeature>(this IServiceCollection services)
        where TFeature : class, IPageFeature
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPageFeature, TFeature>());
        return services;
    }
}
