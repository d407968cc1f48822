using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OrleansCrawler.Core.Telemetry;

namespace OrleansCrawler.Silo.Hosting;

/// <summary>Turns on OpenTelemetry for the crawler's source and meter, Orleans' grain-call spans and HttpClient
/// spans, as <see cref="TelemetryOptions"/> says. Orleans' runtime grain calls (a firehose) are dropped by <see cref="CrawlerSampler"/>.</summary>
public static class TelemetryHostingExtensions
{
    public static IServiceCollection AddCrawlerTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName = "ocrawl-silo")
    {
        var options = SiloSettings.Read<TelemetryOptions>(configuration, TelemetryOptions.SectionName);
        SiloSettings.Validate(options);
        if (!options.IsEnabled)
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(tracing => tracing.AddCrawlerTracing(options))
            .WithMetrics(metrics =>
            {
                if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint))
                {
                    metrics.AddMeter(CrawlerTelemetry.Name).AddOtlpExporter(o => o.Endpoint = new Uri(options.OtlpEndpoint));
                }
            });
        return services;
    }

    /// <summary>Sources, sampler and exporters of the crawler's traces; also used by the CLI's own tracer.</summary>
    public static TracerProviderBuilder AddCrawlerTracing(this TracerProviderBuilder tracing, TelemetryOptions options)
    {
        tracing.AddSource(CrawlerTelemetry.Name, CrawlerTelemetry.OrleansApplicationSource, CrawlerTelemetry.OrleansRuntimeSource)
            .AddHttpClientInstrumentation()
            .SetSampler(new CrawlerSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.SampleRatio))));
        if (options.Console)
        {
            tracing.AddConsoleExporter();
        }

        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            tracing.AddOtlpExporter(o => o.Endpoint = new Uri(options.OtlpEndpoint));
        }

        return tracing;
    }
}
