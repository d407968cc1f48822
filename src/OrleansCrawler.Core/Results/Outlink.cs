namespace OrleansCrawler.Core.Results;

/// <summary>An edge of the link graph from the page that holds it: the target (normalized), its anchor text, its
/// qualifying rel tokens (nofollow, sponsored, ugc) and whether the job's scope covers it.</summary>
public readonly record struct Outlink(string To, string? Anchor, string? Rel, bool InScope);
