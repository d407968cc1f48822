using OrleansCrawler.Pipeline.Jobs;
using OrleansCrawler.Pipeline.Ports;

namespace OrleansCrawler.Pipeline.Tests.Fakes;

/// <summary>A link router that records what it was asked to route, by partition, and remembers it as routed.</summary>
internal sealed class RecordingRouter : ILinkRouter
{
    public List<(int Partition, RoutedLink Link)> Routed { get; } = [];

    public int Calls { get; private set; }

    public Task RouteAsync(JobRuntime job, int partition, IReadOnlyList<RoutedLink> links)
    {
        Calls++;
        foreach (var link in links)
        {
            Routed.Add((partition, link));
            job.RoutedLinks.Remember(link.Fingerprint);
        }

        return Task.CompletedTask;
    }
}
