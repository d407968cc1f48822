namespace OrleansCrawler.Abstractions.Jobs;

/// <summary>Which discovered URLs a job follows (mirrors Core's ScopeMode on the wire).</summary>
[GenerateSerializer, Alias("OrleansCrawler.ScopeKind")]
public enum ScopeKind
{
    Host = 0,
    Domain = 1,
    Any = 2,
}
