namespace OrleansCrawler.Silo.Tests;

/// <summary>The tests that start clusters of silo processes run one after another: each cluster is three silos, a
/// Redis and a PostgreSQL, and two of them at once on a small machine only slow each other down.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection
{
    public const string Name = "cluster processes";
}
