using System.Collections.Frozen;
using System.Diagnostics;
using OpenTelemetry.Trace;
using OrleansCrawler.Abstractions.Jobs;

namespace OrleansCrawler.Silo.Hosting;

/// <summary>Keeps grain-call spans only for the crawler's own grains and only inside a trace (a page's, a submit's),
/// and samples everything else with the inner sampler. Orleans files a grain call under
/// <c>Microsoft.Orleans.Runtime</c> when its interface's namespace starts with "Orleans" — which "OrleansCrawler"
/// does — so the crawler's grain calls come from that source, beside a firehose of runtime calls (membership,
/// timers, directory) and status polls, which must stay off the console.</summary>
public sealed class CrawlerSampler(Sampler inner) : Sampler
{
    private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

    /// <summary>"IUrlPartitionGrain/", ...: grain-call spans are named "{interface}/{method}".</summary>
    private static readonly FrozenSet<string> CrawlerGrains = typeof(ICrawlJobGrain).Assembly.GetTypes()
        .Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t))
        .Select(t => t.Name + "/")
        .ToFrozenSet(StringComparer.Ordinal);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var name = samplingParameters.Name;
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && samplingParameters.Kind is ActivityKind.Client or ActivityKind.Server
            && (samplingParameters.ParentContext.TraceId == default || !CrawlerGrains.Contains(name[..(slash + 1)])))
        {
            return Drop;
        }

        return inner.ShouldSample(samplingParameters);
    }
}
