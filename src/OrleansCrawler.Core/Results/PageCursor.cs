namespace OrleansCrawler.Core.Results;

/// <summary>Where a newest-first read of a job's results stopped: the last record's fetch time and URL.</summary>
public sealed record PageCursor(DateTimeOffset FetchedAt, string Url);
