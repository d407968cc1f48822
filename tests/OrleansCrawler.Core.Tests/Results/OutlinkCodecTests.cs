using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Core.Tests.Results;

public sealed class OutlinkCodecTests
{
    [Fact]
    public void Decode_GivesBackWhatWasEncoded_NullsAndFlagsIncluded()
    {
        List<Outlink> links =
        [
            new("http://a.test/1", "First link", "nofollow", true),
            new("http://b.test/2?q=1&r=%20", null, null, false),
            new("http://a.test/3", "émoji ✓ and \"quotes\"", "sponsored ugc", true),
        ];

        Assert.Equal(links, OutlinkCodec.Decode(OutlinkCodec.Encode(links)));
        Assert.Empty(OutlinkCodec.Decode(OutlinkCodec.Encode([])));
    }

    [Fact]
    public void AnchorWithTabsOrLineBreaks_IsKeptOnOneLine()
    {
        var decoded = OutlinkCodec.Decode(OutlinkCodec.Encode([new Outlink("http://a.test/", "a\tb\nc", null, true)]));

        Assert.Equal("a b c", Assert.Single(decoded).Anchor);
    }

    [Fact]
    public void Decode_OfSomethingElse_Throws()
    {
        using var bytes = new MemoryStream();
        using (var deflate = new System.IO.Compression.DeflateStream(bytes, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write("not an outlink line\n"u8);
        }

        Assert.ThrowsAny<InvalidDataException>(() => OutlinkCodec.Decode(bytes.ToArray()));
    }
}
