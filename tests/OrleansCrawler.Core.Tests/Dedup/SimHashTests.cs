using System.IO.Hashing;
using System.Text;
using OrleansCrawler.Core.Dedup;

namespace OrleansCrawler.Core.Tests.Dedup;

/// <summary>The product's SimHash against a plain reference written here from the definition (split into words, make
/// strings of the shingles, count them, sum ±weight per bit), never calling the product's code.</summary>
public sealed class SimHashTests
{
    /// <summary>The definition, the slow way: words are runs of letters/digits, lower-cased, a word of ASCII digits only
    /// counts as "0"; word hash = XxHash64 of the
    /// UTF-8; shingle = n consecutive words (2 by default; fewer: one shingle of all); shingle hash = XxHash64 of the word hashes as
    /// 8 little-endian bytes each; weight = how often the shingle occurs.</summary>
    private static ulong? Reference(string text, int shingleWords = 2)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text + " ")
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                var word = current.ToString().ToLowerInvariant();
                words.Add(word.All(c => c is >= '0' and <= '9') ? "0" : word);
                current.Clear();
            }
        }

        if (words.Count == 0)
        {
            return null;
        }

        var shingles = new Dictionary<string, int>();
        var size = Math.Min(shingleWords, words.Count);
        for (var i = 0; i + size <= words.Count; i++)
        {
            var key = string.Join(" ", words.Skip(i).Take(size));
            shingles[key] = shingles.GetValueOrDefault(key) + 1;
        }

        var sums = new long[64];
        foreach (var (shingle, weight) in shingles)
        {
            var bytes = new List<byte>();
            foreach (var word in shingle.Split(' '))
            {
                bytes.AddRange(BitConverter.GetBytes(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(word))));
            }

            var hash = XxHash64.HashToUInt64(bytes.ToArray());
            for (var bit = 0; bit < 64; bit++)
            {
                sums[bit] += ((hash >> bit) & 1) == 1 ? weight : -weight;
            }
        }

        ulong fingerprint = 0;
        for (var bit = 0; bit < 64; bit++)
        {
            if (sums[bit] > 0)
            {
                fingerprint |= 1UL << bit;
            }
        }

        return fingerprint;
    }

    [Theory]
    [InlineData("The quick brown fox jumps over the lazy dog")]
    [InlineData("one")]
    [InlineData("two words")]
    [InlineData("Ünïcödé wörds — and ΕΛΛΗΝΙΚΆ too, 2026-12-06; the the the the the the")]
    [InlineData("  leading, trailing and   repeated   separators!! ")]
    [InlineData("Updated 6 December 2026, 12345 views; 2026-12-06 x86 ٣٤ 3rd")]
    [InlineData("Words of 31, 32 and 33 bytes: ABCDEFGHIJKLMNOPQRSTUVWXYZabcde ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg")]
    public void Of_MatchesTheReference(string text)
    {
        Assert.Equal(Reference(text), SimHash.Of(text));
        Assert.Equal(Reference(text, 1), SimHash.Of(text, 1));
        Assert.Equal(Reference(text, 3), SimHash.Of(text, 3));
    }

    /// <summary>Long texts (a page's main text runs to thousands of words): the counters pass the 255 shingles a byte lane
    /// holds many times over, and words mix ASCII (lower-cased straight into bytes) and not.</summary>
    [Fact]
    public void Of_MatchesTheReference_OnLongMixedTexts()
    {
        var random = new Random(11);
        string[] vocabulary = ["Harbour", "bridge", "ÉCOLE", "straße", "Ωmega", "naïve", "x86", "2026", "İstanbul", "ferry", "GULLS", "к", "the", "a", "Ünïcödé"];
        foreach (var words in new[] { 254, 255, 256, 511, 1000, 3686, 9000 })
        {
            var text = string.Join(random.Next(2) == 0 ? " " : ", ", Enumerable.Range(0, words).Select(_ => vocabulary[random.Next(vocabulary.Length)]));
            Assert.Equal(Reference(text), SimHash.Of(text));
            Assert.Equal(Reference(text, 1), SimHash.Of(text, 1));
            Assert.Equal(Reference(text, 3), SimHash.Of(text, 3));
        }
    }

    /// <summary>Words longer than the buffer an ASCII word is lower-cased into as it is read (64 characters at first),
    /// ASCII and not, between short ones.</summary>
    [Fact]
    public void Of_MatchesTheReference_OnVeryLongWords()
    {
        foreach (var length in new[] { 63, 64, 65, 195, 196, 300, 5_000 })
        {
            var ascii = string.Concat(Enumerable.Range(0, length).Select(i => (char)((i % 2 == 0 ? 'A' : 'a') + (i % 26))));
            var mixed = ascii[..(length / 2)] + "é" + ascii[(length / 2)..];
            foreach (var text in new[] { $"short {ascii} words {ascii} again", $"{mixed} and {ascii}", ascii })
            {
                Assert.Equal(Reference(text), SimHash.Of(text));
                Assert.Equal(Reference(text, 1), SimHash.Of(text, 1));
                Assert.Equal(Reference(text, 3), SimHash.Of(text, 3));
            }
        }
    }

    /// <summary>Texts of every length from 0 to 300 characters (the fingerprint reads 64 at a time, then the rest one by
    /// one), drawn from characters of every kind: ASCII letters, digits and punctuation, control characters, letters
    /// and digits that are not ASCII (some whose low byte is an ASCII letter or digit), other symbols, lone surrogates.</summary>
    [Fact]
    public void Of_MatchesTheReference_OnRandomCharacters_OfEveryLength()
    {
        var random = new Random(3);
        const string Alphabet = "aZkQ09 5.,-_'\t\n\u0000\u007F\u00A0é\u0141\u0130\u0161\u0663\u0966ßΩж\u3000—’\u2167\u0430\u0441\uD800\uDC00\uFF21\u0230";
        for (var length = 0; length <= 300; length++)
        {
            for (var round = 0; round < 4; round++)
            {
                // Long runs of one kind now and then, so that words also cross the 64-character blocks.
                var text = new string([.. Enumerable.Range(0, length).Select(i => random.Next(4) == 0 ? Alphabet[random.Next(Alphabet.Length)] : (char)('a' + (i % 26)))]);
                Assert.True(Reference(text) == SimHash.Of(text), $"length {length}: {text}");
                Assert.True(Reference(text, 1) == SimHash.Of(text, 1), $"length {length}: {text}");
                Assert.True(Reference(text, 3) == SimHash.Of(text, 3), $"length {length}: {text}");
            }
        }
    }

    [Fact]
    public void Of_MatchesTheReference_OnRandomTexts()
    {
        var random = new Random(7);
        string[] vocabulary = ["alpha", "Beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "MU", "nu", "42", "x1y2"];
        for (var n = 0; n < 200; n++)
        {
            var text = string.Join(random.Next(3) == 0 ? ", " : " ", Enumerable.Range(0, random.Next(1, 120)).Select(_ => vocabulary[random.Next(vocabulary.Length)]));
            Assert.Equal(Reference(text), SimHash.Of(text));
            Assert.Equal(Reference(text, 3), SimHash.Of(text, 3));
        }
    }

    // The fingerprint looks ASCII characters up in a table; every character must still be a word's as
    // char.IsLetterOrDigit says.
    [Fact]
    public void WordCharacters_AreWhatCharIsLetterOrDigitSays_OnEveryChar()
    {
        for (var c = 0; c <= char.MaxValue; c++)
        {
            Assert.True(char.IsLetterOrDigit((char)c) == SimHash.IsWordChar((char)c), $"U+{c:X4}");
        }
    }

    [Fact]
    public void Of_TextWithoutWords_IsNull()
    {
        Assert.Null(SimHash.Of(" ,.;— "));
        Assert.Null(Reference(" ,.;— "));
    }

    [Fact]
    public void Of_SmallEditOfALongText_StaysWithinThreeBits_AndAnotherTextDoesNot()
    {
        var random = new Random(3);
        var words = Enumerable.Range(0, 3000).Select(_ => "w" + random.Next(5000)).ToArray();
        var original = string.Join(" ", words);
        words[1500] = "changed";
        var edited = string.Join(" ", words);
        var other = string.Join(" ", Enumerable.Range(0, 3000).Select(_ => "w" + random.Next(5000)));

        Assert.InRange(SimHash.Distance(SimHash.Of(original)!.Value, SimHash.Of(edited)!.Value), 0, 3);
        Assert.True(SimHash.Distance(SimHash.Of(original)!.Value, SimHash.Of(other)!.Value) > 3);
    }
}
