using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace OrleansCrawler.Silo.Hosting;

/// <summary>Makes a host a crawler silo, in the mode its configuration chooses: localhost clustering (one silo,
/// development) or Redis membership; SQLite or PostgreSQL stores.</summary>
public static class SiloHostingExtensions
{
    public static IHostApplicationBuilder AddCrawlerSilo(this IHostApplicationBuilder builder)
    {
        var cluster = SiloSettings.Read<ClusterHostingOptions>(builder.Configuration, ClusterHostingOptions.SectionName);
        var endpoints = SiloSettings.Read<SiloEndpointOptions>(builder.Configuration, SiloEndpointOptions.SectionName);
        SiloSettings.Validate(cluster);
        SiloSettings.Validate(endpoints);
        var tls = ClusterTlsHostingExtensions.LoadClusterTls(SiloSettings.Read<ClusterTlsOptions>(builder.Configuration, ClusterTlsOptions.SectionName));
        builder.Services.AddCrawler(builder.Configuration);
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        var tracing = SiloSettings.Read<TelemetryOptions>(builder.Configuration, TelemetryOptions.SectionName).IsEnabled;
        builder.UseOrleans(silo =>
        {
            // Trace context through grain calls, only when traces are on: its filters wrap every grain call.
            if (tracing)
            {
                silo.AddActivityPropagation();
            }

            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = endpoints.ClusterId;
                o.ServiceId = endpoints.ServiceId;
            });
            if (cluster.Mode == ClusteringMode.Localhost)
            {
                silo.UseLocalhostClustering(endpoints.SiloPort, endpoints.GatewayPort, serviceId: endpoints.ServiceId, clusterId: endpoints.ClusterId);
            }
            else
            {
                silo.UseRedisClustering(o => RedisMembership.Configure(o, cluster.Redis!, cluster.RedisPassword));
                silo.ConfigureEndpoints(SiloSettings.ResolveAdvertisedAddress(endpoints), endpoints.SiloPort, endpoints.GatewayPort, listenOnAnyHostAddress: true);
                if (endpoints.SiloListeningPort is not null || endpoints.GatewayListeningPort is not null)
                {
                    silo.Configure<EndpointOptions>(o =>
                    {
                        o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, endpoints.SiloListeningPort ?? endpoints.SiloPort);
                        if (endpoints.GatewayPort > 0)
                        {
                            o.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, endpoints.GatewayListeningPort ?? endpoints.GatewayPort);
                        }
                    });
                }
            }

            // Mutual TLS between silos and on the gateway (docs/cluster.md, "TLS").
            if (tls is not null)
            {
                silo.UseClusterTls(tls);
            }
        });
        return builder;
    }
}
