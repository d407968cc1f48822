namespace OrleansCrawler.Abstractions.Politeness;

/// <summary>A host's turn: <paramref name="Lease"/> 0 means none came within the wait (ask again).
/// <paramref name="ReportSent"/>: report when the request went out (a delay is in force).</summary>
[GenerateSerializer, Immutable, Alias("OrleansCrawler.HostTurnGrant")]
public readonly record struct HostTurnGrant([property: Id(0)] long Lease, [property: Id(1)] bool ReportSent);
