namespace OrleansCrawler.Abstractions.Jobs;

/// <summary>Counters of a partition, or of a whole job when added up.</summary>
/// <param name="Accepted">URLs accepted into the frontier (new, in scope, within depth).</param>
/// <param name="Settled">Accepted URLs that are done: fetched and stored, failed, denied or skipped.</param>
/// <param name="Fetched">Fetches that got an HTTP response.</param>
/// <param name="Failed">Fetches that got no response (connection, timeout, body too large...).</param>
/// <param name="RobotsDenied">URLs not fetched because robots.txt disallows them.</param>
/// <param name="Skipped">URLs not fetched because the page budget was spent.</param>
/// <param name="Queued">URLs waiting in the frontier.</param>
/// <param name="InFlight">URLs being fetched, parsed or stored.</param>
/// <param name="Bytes">Response body bytes received.</param>
/// <param name="Retries">Retries scheduled (429, 5xx, timeouts...); a retried URL stays queued until settled.</param>
/// <param name="Refused">URLs not fetched: spider-trap limits, URL length, host page budget, private addresses.</param>
/// <param name="HostsParked">Hosts parked at least once for failing too often in a row.</param>
/// <param name="HostsGivenUp">Hosts given up: no more requests, their remaining URLs recorded as failed.</param>
[GenerateSerializer, Immutable, Alias("OrleansCrawler.CrawlCounters")]
public sealed record CrawlCounters(
    [property: Id(0)] long Accepted,
    [property: Id(1)] long Settled,
    [property: Id(2)] long Fetched,
    [property: Id(3)] long Failed,
    [property: Id(4)] long RobotsDenied,
    [property: Id(5)] long Skipped,
    [property: Id(6)] long Queued,
    [property: Id(7)] long InFlight,
    [property: Id(8)] long Bytes,
    [property: Id(9)] long Retries = 0,
    [property: Id(10)] long Refused = 0,
    [property: Id(11)] long HostsParked = 0,
    [property: Id(12)] long HostsGivenUp = 0)
{
    public static CrawlCounters Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static CrawlCounters operator +(CrawlCounters a, CrawlCounters b) => new(
        a.Accepted + b.Accepted, a.Settled + b.Settled, a.Fetched + b.Fetched, a.Failed + b.Failed,
        a.RobotsDenied + b.RobotsDenied, a.Skipped + b.Skipped, a.Queued + b.Queued, a.InFlight + b.InFlight,
        a.Bytes + b.Bytes, a.Retries + b.Retries, a.Refused + b.Refused, a.HostsParked + b.HostsParked,
        a.HostsGivenUp + b.HostsGivenUp);
}
