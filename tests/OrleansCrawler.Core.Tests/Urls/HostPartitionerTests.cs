using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Core.Tests.Urls;

public class HostPartitionerTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_PartitionCountBelowOne_Throws(int count)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HostPartitioner(count));
    }

    [Fact]
    public void PartitionOf_SinglePartition_ReturnsZero()
    {
        Assert.Equal(0, new HostPartitioner(1).PartitionOf("http://example.com/a"));
    }

    // Computed once: a change means a different hash, and every host would move to another partition grain.
    [Theory]
    [InlineData("example.com", 9)]
    [InlineData("127.0.0.1:8080", 63)]
    [InlineData("www.wikipedia.org", 56)]
    [InlineData("xn--bcher-kva.de", 54)]
    public void PartitionOfAuthority_KnownAuthority_ReturnsStablePartition(string authority, int expected)
    {
        Assert.Equal(expected, new HostPartitioner(64).PartitionOfAuthority(authority));
    }

    [Fact]
    public void PartitionOfAuthority_AnyAuthority_IsXxHash64OfLowerCaseUtf8ModuloCount()
    {
        var expected = (int)(System.IO.Hashing.XxHash64.HashToUInt64("site.example:8080"u8) % 100);

        Assert.Equal(expected, new HostPartitioner(100).PartitionOfAuthority("Site.Example:8080"));
    }

    [Theory]
    [InlineData("http://example.com/", "example.com")]
    [InlineData("http://example.com", "example.com")]
    [InlineData("https://127.0.0.1:8080/a/b?c", "127.0.0.1:8080")]
    [InlineData("http://h.example?q", "h.example")]
    [InlineData("http://[::1]:81/", "[::1]:81")]
    public void AuthorityOf_NormalizedUrl_ReturnsHostAndPort(string url, string expected)
    {
        Assert.Equal(expected, HostPartitioner.AuthorityOf(url));
    }

    [Fact]
    public void AuthorityOf_NotAbsolute_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => HostPartitioner.AuthorityOf("/relative"));
    }

    [Theory]
    [InlineData("http://example.com/")]
    [InlineData("https://example.com/deep/path?q=1")]
    [InlineData("http://127.0.0.1:8080/x")]
    [InlineData("http://a.b.c.example.org:9/")]
    public void PartitionOf_AnyUrl_AgreesWithPartitionOfAuthority(string url)
    {
        var partitioner = new HostPartitioner(64);

        Assert.Equal(partitioner.PartitionOfAuthority(HostPartitioner.AuthorityOf(url)), partitioner.PartitionOf(url));
    }

    [Fact]
    public void PartitionOf_UrlsOfOneHost_ShareAPartition()
    {
        var partitioner = new HostPartitioner(64);
        var expected = partitioner.PartitionOf("http://site-17.example/");

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(expected, partitioner.PartitionOf($"http://site-17.example/page/{i}?x={i}"));
        }
    }

    [Fact]
    public void PartitionOfAuthority_UpperCase_SameAsLowerCase()
    {
        var partitioner = new HostPartitioner(64);

        Assert.Equal(partitioner.PartitionOfAuthority("example.com:8080"), partitioner.PartitionOfAuthority("EXAMPLE.com:8080"));
    }

    [Fact]
    public void PartitionOfAuthority_DifferentPorts_CanDiffer()
    {
        var partitioner = new HostPartitioner(1024);
        var partitions = Enumerable.Range(8000, 20).Select(p => partitioner.PartitionOfAuthority($"127.0.0.1:{p}")).Distinct().Count();

        Assert.True(partitions > 10, $"only {partitions} distinct partitions for 20 ports");
    }

    [Fact]
    public void PartitionOfAuthority_ManyHosts_SpreadEvenlyOver64Partitions()
    {
        const int partitions = 64;
        const int hosts = 10_000;
        var partitioner = new HostPartitioner(partitions);
        var counts = new int[partitions];

        for (var i = 0; i < hosts; i++)
        {
            counts[partitioner.PartitionOfAuthority($"host{i}.example.com")]++;
        }

        var mean = hosts / (double)partitions;
        Assert.All(counts, c => Assert.InRange(c, mean * 0.5, mean * 1.5));
    }
}
