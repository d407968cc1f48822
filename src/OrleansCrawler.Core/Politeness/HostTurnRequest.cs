namespace OrleansCrawler.Core.Politeness;

/// <summary>A job asks a host's <see cref="HostGate"/> for a turn to send one request.</summary>
/// <param name="Job">The asking job (its delay counts for the host while it keeps asking).</param>
/// <param name="Delay">The job's delay in force for the host now (configured or adaptive, or Crawl-delay if larger).</param>
/// <param name="PerHost">The job's per-host limit: granted only while fewer requests to the host (of any job) are in
/// flight.</param>
/// <param name="Hold">Longest the turn may be held (the job's fetch timeout and a margin): a holder that never gives it
/// back (its silo was killed) loses it then.</param>
public sealed record HostTurnRequest(string Job, TimeSpan Delay, int PerHost, TimeSpan Hold);
