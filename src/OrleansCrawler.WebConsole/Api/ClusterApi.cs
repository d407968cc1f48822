using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OrleansCrawler.WebConsole.Api;

/// <summary><c>GET /api/silos</c>: the silos of the cluster (Orleans' management grain) and which partitions each holds.</summary>
public static class ClusterApi
{
    public static void MapClusterApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/silos", SilosAsync).WithTags("cluster").WithSummary("The cluster's silos and the partitions active on each");

    private static async Task<IResult> SilosAsync(IGrainFactory grains)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false);
        var activations = await management.GetDetailedGrainStatistics();
        var partitions = activations
            .Where(a => a.GrainType.Contains("UrlPartitionGrain", StringComparison.Ordinal))
            .GroupBy(a => a.SiloAddress)
            .ToDictionary(g => g.Key, g => g.Select(a => a.GrainId.Key.ToString()!).Order(StringComparer.Ordinal).ToList());
        return TypedResults.Ok(hosts.OrderBy(h => h.SiloName, StringComparer.Ordinal).Select(h => new SiloView(
            h.SiloAddress.ToString(), h.SiloName, h.Status.ToString(), partitions.GetValueOrDefault(h.SiloAddress) ?? [])).ToList());
    }
}
