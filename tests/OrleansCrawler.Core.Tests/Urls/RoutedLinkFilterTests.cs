using OrleansCrawler.Core.Urls;

namespace OrleansCrawler.Core.Tests.Urls;

public class RoutedLinkFilterTests
{
    [Fact]
    public void WasRouted_OnlyAfterRemember()
    {
        var filter = new RoutedLinkFilter(slotsLog2: 8);
        var fp = UrlFingerprint.Of("http://a.test/p/1.html");

        Assert.False(filter.WasRouted(fp));
        filter.Remember(fp);
        Assert.True(filter.WasRouted(fp));
        Assert.False(filter.WasRouted(UrlFingerprint.Of("http://a.test/p/2.html")));
    }

    [Fact]
    public void Remember_SameSlot_ForgetsTheOlderLink()
    {
        var filter = new RoutedLinkFilter(slotsLog2: 4);
        // Two fingerprints that differ only above the slot bits and in the mixed high half cancel out: same slot.
        const ulong first = 0x0000_0001_0000_0003UL;
        const ulong second = 0x0000_0011_0000_0013UL;

        filter.Remember(first);
        filter.Remember(second);

        Assert.True(filter.WasRouted(second));
        Assert.False(filter.WasRouted(first));
    }

    [Fact]
    public void Zero_IsNeverRemembered()
    {
        var filter = new RoutedLinkFilter(slotsLog2: 4);

        filter.Remember(0);

        Assert.False(filter.WasRouted(0));
    }

    [Fact]
    public void Memory_IsFixed_WhateverIsRemembered()
    {
        var filter = new RoutedLinkFilter();

        for (var i = 0; i < 1_000_000; i++)
        {
            filter.Remember(UrlFingerprint.Of($"http://h{i % 50}.test/p/{i}.html"));
        }

        Assert.Equal(1 << 17, filter.Slots);
        Assert.Equal(1L << 20, filter.Bytes);
        // The most recent links are still known; most of the first ones were overwritten.
        Assert.True(filter.WasRouted(UrlFingerprint.Of("http://h49.test/p/999999.html")));
        var early = Enumerable.Range(0, 1000).Count(i => filter.WasRouted(UrlFingerprint.Of($"http://h{i % 50}.test/p/{i}.html")));
        Assert.True(early < 100, $"{early} of the first 1,000 links still remembered");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(29)]
    public void Constructor_SlotsOutOfRange_Throws(int log2) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RoutedLinkFilter(log2));
}
