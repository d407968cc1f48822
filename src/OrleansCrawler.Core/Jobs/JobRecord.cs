namespace OrleansCrawler.Core.Jobs;

/// <summary>A job as stored: its spec and counters as JSON (their types are wire records, which Core does not
/// know), its state and times. Written by the job grain on every state change and periodically while running.</summary>
public sealed record JobRecord(
    string JobId,
    string SpecJson,
    string State,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string CountersJson,
    long BudgetGranted);
