namespace OrleansCrawler.Core.Politeness;

/// <summary>A turn granted by a <see cref="HostGate"/>: one request may go to the host. Given back with
/// <see cref="HostGate.Release"/>; when <see cref="ReportSent"/>, the moment the request went out is reported with
/// <see cref="HostGate.MarkSent"/> (a delay is in force, and the gap counts from then).</summary>
public readonly record struct HostTurn(long Lease, bool ReportSent);
