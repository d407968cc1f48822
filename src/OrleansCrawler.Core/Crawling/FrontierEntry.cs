namespace OrleansCrawler.Core.Crawling;

/// <summary>A URL waiting in a partition's frontier, with its authority, link depth and the retries it already had.</summary>
public readonly record struct FrontierEntry(string Url, string Authority, int Depth, int Attempt = 0);
