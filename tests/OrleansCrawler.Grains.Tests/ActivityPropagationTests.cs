using Microsoft.Extensions.DependencyInjection;
using Orleans;
using OrleansCrawler.Silo.Hosting;

namespace OrleansCrawler.Grains.Tests;

/// <summary>Orleans' activity propagation wraps every grain call in filters, so the embedded silo adds it only when
/// traces are exported (a console or OTLP exporter configured).</summary>
public sealed class ActivityPropagationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EmbeddedSilo_PropagatesActivities_OnlyWhenTracing(bool console)
    {
        var folder = Directory.CreateTempSubdirectory("ocrawl-propagation-").FullName;
        try
        {
            await using var crawler = await EmbeddedCrawler.StartAsync(folder, new Dictionary<string, string?>
            {
                [$"{TelemetryOptions.SectionName}:Console"] = console ? "true" : "false",
            });
            var filters = crawler.Services.GetServices<IIncomingGrainCallFilter>().Concat<object>(crawler.Services.GetServices<IOutgoingGrainCallFilter>())
                .Select(f => f.GetType().Name).ToList();
            Assert.Equal(console ? 2 : 0, filters.Count(name => name.StartsWith("ActivityPropagation", StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
