namespace OrleansCrawler.Core.Results;

/// <summary>Every outlink of one fetched page, keyed by (JobId, Url) like its result: a refetch replaces them.</summary>
public sealed record PageOutlinks(string JobId, string Url, IReadOnlyList<Outlink> Links);
