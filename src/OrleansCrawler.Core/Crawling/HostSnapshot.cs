using OrleansCrawler.Core.Politeness;

namespace OrleansCrawler.Core.Crawling;

/// <summary>One host of a partition's frontier at a moment, for the web console's hosts view.</summary>
/// <param name="Queued">URLs waiting, retries not yet due included.</param>
/// <param name="Workers">Workers crawling the host now (at most the per-host concurrency).</param>
public sealed record HostSnapshot(string Authority, int Queued, int Workers, HostPoliteness Politeness);
