namespace OrleansCrawler.WebConsole.Api;

/// <summary>An error kind of a job, its count and up to three URLs that ended in it.</summary>
public sealed record ErrorKindView(string Kind, long Count, IReadOnlyList<string> SampleUrls);
