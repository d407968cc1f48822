namespace OrleansCrawler.Core.Crawling;

/// <summary>A URL waiting in a partition's frontier, with its authority and link depth.</summary>
public readonly record struct FrontierEntry(string Url, string Authority, int Depth);
