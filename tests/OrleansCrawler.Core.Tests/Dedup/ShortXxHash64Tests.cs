using System.Buffers.Binary;
using System.IO.Hashing;
using OrleansCrawler.Core.Dedup;

namespace OrleansCrawler.Core.Tests.Dedup;

/// <summary>The fingerprint's short-input XxHash64 against System.IO.Hashing's, the reference: every length from 0 to 70
/// bytes (both sides of the 32-byte switch to the library) on random bytes, and 0 to 8 words.</summary>
public sealed class ShortXxHash64Tests
{
    [Fact]
    public void Bytes_HashAsTheLibraryDoes_AtEveryLength()
    {
        var random = new Random(64);
        for (var length = 0; length <= 70; length++)
        {
            for (var round = 0; round < 200; round++)
            {
                var data = new byte[length];
                random.NextBytes(data);
                Assert.True(XxHash64.HashToUInt64(data) == ShortXxHash64.Hash(data), $"{length} bytes: {Convert.ToHexString(data)}");
            }
        }
    }

    [Fact]
    public void Words_HashAsTheLibraryDoesOnTheirLittleEndianBytes()
    {
        var random = new Random(65);
        for (var count = 0; count <= 8; count++)
        {
            for (var round = 0; round < 200; round++)
            {
                var words = Enumerable.Range(0, count).Select(_ => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40)).ToArray();
                var bytes = new byte[count * 8];
                for (var i = 0; i < count; i++)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), words[i]);
                }

                Assert.Equal(XxHash64.HashToUInt64(bytes), ShortXxHash64.Hash(words));
                if (count == 1)
                {
                    Assert.Equal(XxHash64.HashToUInt64(bytes), ShortXxHash64.Hash(words[0]));
                }

                if (count == 2)
                {
                    Assert.Equal(XxHash64.HashToUInt64(bytes), ShortXxHash64.Hash(words[0], words[1]));
                }
            }
        }
    }
}
