using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Text;

namespace OrleansCrawler.Core.Dedup;

/// <summary>A 64-bit SimHash (Charikar 2002, as Manku, Jain and Das Sarma use it for Google's crawl, WWW 2007) of a
/// text's word shingles. Words are maximal runs of letters and digits (<see cref="char.IsLetterOrDigit(char)"/>),
/// lower-cased invariantly, and a word of digits only counts as "0" (dates, counters, prices and session numbers are
/// what copies of a page change most); a word's hash is XxHash64 (seed 0) of its UTF-8 bytes; a shingle is
/// <see cref="ShingleWords"/> consecutive words (a shorter text is one shingle of all its words) and its hash is
/// XxHash64 of the words' hashes as little-endian bytes. Each shingle occurrence adds +1 to the 64 counters where its
/// hash has a 1 and -1 where it has a 0 (so a repeated shingle weighs by its count); bit i of the fingerprint is 1 when
/// counter i is positive. One pass over the text; each word is encoded into a pooled buffer (an ASCII word lower-cased
/// straight into bytes), nothing is allocated per shingle, and the counters are kept as 64 byte-wide lanes in 8 words,
/// each shingle adding 8 table entries instead of 64 increments (docs/dedup.md, "Speed"). Stable across processes and
/// versions (never <see cref="string.GetHashCode()"/>).</summary>
public static class SimHash
{
    /// <summary>Words per shingle by default: 2. Measured on the test web's copies (docs/dedup.md, 900 pages): 1 word
    /// (a bag of words) found every copy but took unrelated pages of the same vocabulary for copies (precision 0.24);
    /// 3 words missed copies whose date line changed (one changed word in 450 moved up to 8 bits; recall 0.89); 2 words
    /// gave precision 1.00 and recall 0.99.</summary>
    public const int ShingleWords = 2;

    public const int MaxShingleWords = 8;

    private static readonly ulong NumberHash = XxHash64.HashToUInt64("0"u8);

    /// <summary>The fingerprint of <paramref name="text"/>, or null when it has no word.</summary>
    public static ulong? Of(ReadOnlySpan<char> text) => Of(text, ShingleWords);

    /// <summary>The fingerprint with shingles of <paramref name="shingleWords"/> words (1 to <see cref="MaxShingleWords"/>).</summary>
    public static ulong? Of(ReadOnlySpan<char> text, int shingleWords)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shingleWords, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shingleWords, MaxShingleWords);
        var words = new Words(text);
        try
        {
            return shingleWords == 2 ? OfPairs(ref words) : OfShingles(ref words, shingleWords);
        }
        finally
        {
            words.Dispose();
        }
    }

    // Shingles of two words, the default: the window is the previous word's hash, and a shingle's hash is XxHash64 of
    // 16 bytes written out (the general path below gives the same fingerprints; SimHashTests compares both with the
    // reference).
    private static ulong? OfPairs(ref Words words)
    {
        if (!words.Next(out var previous))
        {
            return null;
        }

        var counters = new Counters(stackalloc int[64], stackalloc ulong[8]);
        if (!words.Next(out var current))
        {
            counters.Add(ShortXxHash64.Hash(previous));
            return counters.Fingerprint();
        }

        do
        {
            counters.Add(ShortXxHash64.Hash(previous, current));
            previous = current;
        }
        while (words.Next(out current));

        return counters.Fingerprint();
    }

    private static ulong? OfShingles(ref Words words, int shingleWords)
    {
        var counters = new Counters(stackalloc int[64], stackalloc ulong[8]);
        Span<ulong> window = stackalloc ulong[shingleWords];
        var count = 0;
        while (words.Next(out var hash))
        {
            count++;
            // Shift the window: the newest word's hash goes last.
            window[1..].CopyTo(window);
            window[^1] = hash;
            if (count >= shingleWords)
            {
                counters.Add(ShortXxHash64.Hash(window));
            }
        }

        if (count == 0)
        {
            return null;
        }

        if (count < shingleWords)
        {
            counters.Add(ShortXxHash64.Hash(window[(shingleWords - count)..]));
        }

        return counters.Fingerprint();
    }

    /// <summary>The hashes of a text's words, in order: one scan per word finds its end, whether it is ASCII and whether
    /// it is digits only (an ASCII character's kind looked up, the rest asked of char.IsLetterOrDigit), and writes an
    /// ASCII word lower-cased into its bytes as it goes (ToLowerInvariant of ASCII is ASCII's lower case). Other words
    /// are lower-cased and encoded in pooled buffers, returned by <see cref="Dispose"/>.</summary>
    private ref struct Words(ReadOnlySpan<char> text)
    {
        private readonly ReadOnlySpan<char> _text = text;
        private int _i;
        private char[]? _rented = ArrayPool<char>.Shared.Rent(64);
        private byte[]? _bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(64));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Next(out ulong hash)
        {
            var text = _text;
            var i = _i;
            var kinds = AsciiKinds;
            while (i < text.Length)
            {
                var c = text[i];
                if (c < 128 ? kinds[c] == 0 : !char.IsLetterOrDigit(c))
                {
                    i++;
                    continue;
                }

                var start = i;
                var ascii = true;
                var digitsOnly = true;
                var written = 0;
                var bytes = _bytes!;
                for (; i < text.Length; i++)
                {
                    c = text[i];
                    if (c < 128)
                    {
                        var kind = kinds[c];
                        if (kind == 0)
                        {
                            break;
                        }

                        digitsOnly &= kind == Digit;
                        if (written < bytes.Length)
                        {
                            bytes[written] = (byte)(kind == Letter ? c | 0x20 : c);
                        }

                        written++;
                    }
                    else if (char.IsLetterOrDigit(c))
                    {
                        ascii = digitsOnly = false;
                    }
                    else
                    {
                        break;
                    }
                }

                _i = i;
                hash = digitsOnly ? NumberHash
                    : ascii && written <= bytes.Length ? ShortXxHash64.Hash(bytes.AsSpan(0, written))
                    : HashOther(text[start..i], ascii);
                return true;
            }

            _i = i;
            hash = 0;
            return false;
        }

        // A word longer than the byte buffer, or not ASCII.
        private ulong HashOther(ReadOnlySpan<char> word, bool ascii)
        {
            if (_rented!.Length < word.Length)
            {
                Dispose();
                _rented = ArrayPool<char>.Shared.Rent(Math.Max(64, word.Length));
                _bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(_rented.Length));
            }

            int length;
            if (ascii)
            {
                // ASCII: lower-casing and UTF-8 encoding in one step (ToLowerInvariant of ASCII is ASCII's lower case).
                Ascii.ToLower(word, _bytes, out length);
            }
            else
            {
                var lower = _rented.AsSpan(0, word.Length);
                word.ToLowerInvariant(lower);
                length = Encoding.UTF8.GetBytes(lower, _bytes!);
            }

            return ShortXxHash64.Hash(_bytes.AsSpan(0, length));
        }

        public void Dispose()
        {
            if (_rented is not null)
            {
                ArrayPool<char>.Shared.Return(_rented);
                _rented = null;
            }

            if (_bytes is not null)
            {
                ArrayPool<byte>.Shared.Return(_bytes);
                _bytes = null;
            }
        }
    }

    private const byte Digit = 1, Letter = 2;

    // What an ASCII character is to a word: not part of one (0), a digit (1), a letter (2). These are the ASCII
    // characters char.IsLetterOrDigit accepts (SimHashTests checks it on every character).
    private static ReadOnlySpan<byte> AsciiKinds =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
        0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0,
        0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0,
    ];

    /// <summary>Whether a character is part of a word as the fingerprint reads it (for tests).</summary>
    internal static bool IsWordChar(char c) => c < 128 ? AsciiKinds[c] != 0 : char.IsLetterOrDigit(c);

    /// <summary>Bits in which two fingerprints differ (the Hamming distance).</summary>
    public static int Distance(ulong a, ulong b) => System.Numerics.BitOperations.PopCount(a ^ b);

    /// <summary>Byte k of entry b is bit k of b: a byte of a hash spread over 8 byte-wide lanes.</summary>
    private static readonly ulong[] Spread = [.. Enumerable.Range(0, 256).Select(b =>
        Enumerable.Range(0, 8).Aggregate(0UL, (lanes, k) => lanes | ((ulong)((b >> k) & 1) << (8 * k))))];

    /// <summary>The 64 counters of the fingerprint, kept as how many shingles have each bit set (counter i = 2 × ones_i −
    /// shingles, positive exactly when 2 × ones_i > shingles). Ones are summed in 64 byte-wide lanes (8 ulongs: lane
    /// k of word j is bit 8j + k) and moved into the int counts before a lane can pass 255.</summary>
    private ref struct Counters(Span<int> ones, Span<ulong> lanes)
    {
        private readonly Span<int> _ones = ones;
        private readonly Span<ulong> _lanes = lanes;
        private int _pending;
        private int _shingles;

        public void Add(ulong hash)
        {
            for (var j = 0; j < 8; j++)
            {
                _lanes[j] += Spread[(byte)(hash >> (8 * j))];
            }

            _shingles++;
            if (++_pending == byte.MaxValue)
            {
                Flush();
            }
        }

        public ulong Fingerprint()
        {
            Flush();
            ulong fingerprint = 0;
            for (var bit = 0; bit < 64; bit++)
            {
                if (2L * _ones[bit] > _shingles)
                {
                    fingerprint |= 1UL << bit;
                }
            }

            return fingerprint;
        }

        private void Flush()
        {
            for (var j = 0; j < 8; j++)
            {
                for (var k = 0; k < 8; k++)
                {
                    _ones[(8 * j) + k] += (int)((_lanes[j] >> (8 * k)) & 0xFF);
                }

                _lanes[j] = 0;
            }

            _pending = 0;
        }
    }
}
