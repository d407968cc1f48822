namespace OrleansCrawler.WebConsole.Api;

/// <summary>A silo of the cluster and the partitions (<c>job/p</c>) active on it.</summary>
public sealed record SiloView(string Address, string? Name, string Status, IReadOnlyList<string> Partitions);
