using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    /// <summary>The hashes of a text's words, in order. The text is read in two passes. The first classifies it 64
    /// characters at a time with vector instructions (<see cref="Classify"/>): a bit per character says whether it is
    /// part of a word, an ASCII digit, or a word character that is not ASCII (those few are asked of
    /// char.IsLetterOrDigit one by one), and every character is written lower-cased as a byte (exact for ASCII). The
    /// second finds each word as a run of set bits (a count of trailing zeros, not a test per character, so the end
    /// of a word costs no mispredicted branch per letter) and hashes its bytes as they are; a word of ASCII digits only
    /// hashes as "0", a word with a character that is not ASCII is lower-cased and encoded as the definition says. The
    /// buffers are pooled and returned by <see cref="Dispose"/>. Before, one loop read each character, branching on
    /// its kind: 3.5 ns a character on the test web's texts (docs/dedup.md, "Speed").</summary>
    private ref struct Words
    {
        private readonly ReadOnlySpan<char> _text;
        private readonly Span<byte> _lowered;
        // Three bitmaps of ceil(length / 64) words each: word characters, ASCII digits, word characters that are not ASCII.
        private readonly Span<ulong> _word;
        private readonly Span<ulong> _digit;
        private readonly Span<ulong> _other;
        private byte[]? _loweredArray;
        private ulong[]? _bitsArray;
        private char[]? _chars;
        private byte[]? _bytes;
        private readonly ulong[] _cache;
        private int _at;

        public Words(ReadOnlySpan<char> text)
        {
            _text = text;
            var blocks = (text.Length + 63) / 64;
            // Eight bytes more than the text, so that a short word's bytes can be read as one ulong.
            _loweredArray = ArrayPool<byte>.Shared.Rent(text.Length + 8);
            _cache = t_wordCache ??= new ulong[2 << WordCacheBits];
            _bitsArray = ArrayPool<ulong>.Shared.Rent(Math.Max(3 * blocks, 1));
            _lowered = _loweredArray.AsSpan(0, text.Length);
            _word = _bitsArray.AsSpan(0, blocks);
            _digit = _bitsArray.AsSpan(blocks, blocks);
            _other = _bitsArray.AsSpan(2 * blocks, blocks);
            Classify(text, _lowered, _word, _digit, _other);
        }

        public bool Next(out ulong hash)
        {
            var start = NextSet(_word, _at);
            if (start < 0)
            {
                hash = 0;
                return false;
            }

            var end = NextClear(_word, start, _text.Length);
            _at = end;
            hash = CountSet(_digit, start, end) == end - start ? NumberHash
                : CountSet(_other, start, end) > 0 ? HashOther(_text[start..end])
                : end - start <= 8 ? HashShort(start, end - start)
                : ShortXxHash64.Hash(_lowered[start..end]);
            return true;
        }

        // An ASCII word of 1 to 8 bytes is its own key: its bytes as a little-endian ulong, zero above its length (a
        // word has no zero byte, so no two words share a key and no key is 0, an empty slot). The thread's cache maps
        // keys to hashes across pages: most of a text's words are common ones, and a hit costs a multiply and two loads
        // where the hash of a few bytes costs branches on its length.
        private ulong HashShort(int start, int length)
        {
            var key = BinaryPrimitives.ReadUInt64LittleEndian(_loweredArray.AsSpan(start, 8)) & (ulong.MaxValue >> (64 - (8 * length)));
            var slot = (int)((key * 0x9E3779B97F4A7C15UL) >> (64 - WordCacheBits)) * 2;
            if (_cache[slot] == key)
            {
                return _cache[slot + 1];
            }

            var hash = ShortXxHash64.Hash(_lowered.Slice(start, length));
            _cache[slot] = key;
            _cache[slot + 1] = hash;
            return hash;
        }

        // A word with a character that is not ASCII: lower-cased invariantly, then UTF-8.
        private ulong HashOther(ReadOnlySpan<char> word)
        {
            if (_chars is null || _chars.Length < word.Length)
            {
                ReturnWordBuffers();
                _chars = ArrayPool<char>.Shared.Rent(Math.Max(64, word.Length));
                _bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(_chars.Length));
            }

            var lower = _chars.AsSpan(0, word.Length);
            word.ToLowerInvariant(lower);
            return ShortXxHash64.Hash(_bytes.AsSpan(0, Encoding.UTF8.GetBytes(lower, _bytes!)));
        }

        public void Dispose()
        {
            ReturnWordBuffers();
            if (_loweredArray is not null)
            {
                ArrayPool<byte>.Shared.Return(_loweredArray);
                _loweredArray = null;
            }

            if (_bitsArray is not null)
            {
                ArrayPool<ulong>.Shared.Return(_bitsArray);
                _bitsArray = null;
            }
        }

        private void ReturnWordBuffers()
        {
            if (_chars is not null)
            {
                ArrayPool<char>.Shared.Return(_chars);
                _chars = null;
            }

            if (_bytes is not null)
            {
                ArrayPool<byte>.Shared.Return(_bytes);
                _bytes = null;
            }
        }
    }

    // The word hashes a thread has computed, by key (Words.HashShort): 4,096 slots of a key and its hash, 64 kB a thread.
    private const int WordCacheBits = 12;

    [ThreadStatic]
    private static ulong[]? t_wordCache;

    /// <summary>Fills the bitmaps (bit i of word i / 64 for character i; bits past the text are 0) and the lower-cased
    /// bytes. Vectors of 16 characters: their low bytes (the whole character when it is ASCII) are tested for a letter
    /// ((b | 0x20) - 'a' ≤ 25) or a digit (b - '0' ≤ 9), and characters of 128 and up are marked and settled one by one.
    /// The last, partial block goes through the ASCII table.</summary>
    internal static void Classify(ReadOnlySpan<char> text, Span<byte> lowered, Span<ulong> word, Span<ulong> digit, Span<ulong> other)
    {
        var chars = MemoryMarshal.Cast<char, ushort>(text);
        var full = text.Length / 64;
        var high = Vector128.Create((ushort)127);
        var caseBit = Vector128.Create((byte)0x20);
        var a = Vector128.Create((byte)'a');
        var letters = Vector128.Create((byte)25);
        var zero = Vector128.Create((byte)'0');
        var digits = Vector128.Create((byte)9);
        for (var block = 0; block < full; block++)
        {
            ulong words = 0, numbers = 0, wide = 0;
            for (var k = 0; k < 64; k += 16)
            {
                var at = (block * 64) + k;
                var first = Vector128.Create<ushort>(chars.Slice(at, 8));
                var second = Vector128.Create<ushort>(chars.Slice(at + 8, 8));
                var bytes = Vector128.Narrow(first, second);
                var lower = bytes | caseBit;
                var isLetter = Vector128.LessThanOrEqual(lower - a, letters);
                var isDigit = Vector128.LessThanOrEqual(bytes - zero, digits);
                Vector128.ConditionalSelect(isLetter, lower, bytes).CopyTo(lowered.Slice(at, 16));
                var isWide = Vector128.Narrow(Vector128.GreaterThan(first, high), Vector128.GreaterThan(second, high));
                words |= (ulong)(isLetter | isDigit).ExtractMostSignificantBits() << k;
                numbers |= (ulong)isDigit.ExtractMostSignificantBits() << k;
                wide |= (ulong)isWide.ExtractMostSignificantBits() << k;
            }

            // A character of 128 or more was judged by its low byte: judge it again, as char.IsLetterOrDigit does.
            var others = 0UL;
            if (wide != 0)
            {
                words &= ~wide;
                numbers &= ~wide;
                for (var bits = wide; bits != 0; bits &= bits - 1)
                {
                    var bit = BitOperations.TrailingZeroCount(bits);
                    if (char.IsLetterOrDigit(text[(block * 64) + bit]))
                    {
                        others |= 1UL << bit;
                    }
                }

                words |= others;
            }

            word[block] = words;
            digit[block] = numbers;
            other[block] = others;
        }

        if (full * 64 < text.Length)
        {
            ulong words = 0, numbers = 0, others = 0;
            var kinds = AsciiKinds;
            for (var i = full * 64; i < text.Length; i++)
            {
                var c = text[i];
                var bit = 1UL << (i & 63);
                if (c < 128)
                {
                    var kind = kinds[c];
                    lowered[i] = (byte)(kind == Letter ? c | 0x20 : c);
                    words |= kind != 0 ? bit : 0;
                    numbers |= kind == Digit ? bit : 0;
                }
                else if (char.IsLetterOrDigit(c))
                {
                    words |= bit;
                    others |= bit;
                }
            }

            word[full] = words;
            digit[full] = numbers;
            other[full] = others;
        }
    }

    /// <summary>The first set bit at or after <paramref name="from"/>, or -1.</summary>
    private static int NextSet(ReadOnlySpan<ulong> bits, int from)
    {
        var index = from >> 6;
        if (index >= bits.Length)
        {
            return -1;
        }

        var current = bits[index] & (ulong.MaxValue << (from & 63));
        while (current == 0)
        {
            if (++index == bits.Length)
            {
                return -1;
            }

            current = bits[index];
        }

        return (index << 6) + BitOperations.TrailingZeroCount(current);
    }

    /// <summary>The first clear bit at or after <paramref name="from"/>, or <paramref name="length"/>.</summary>
    private static int NextClear(ReadOnlySpan<ulong> bits, int from, int length)
    {
        var index = from >> 6;
        var current = ~bits[index] & (ulong.MaxValue << (from & 63));
        while (current == 0)
        {
            if (++index == bits.Length)
            {
                return length;
            }

            current = ~bits[index];
        }

        return Math.Min((index << 6) + BitOperations.TrailingZeroCount(current), length);
    }

    /// <summary>How many bits from <paramref name="start"/> to before <paramref name="end"/> are set.</summary>
    private static int CountSet(ReadOnlySpan<ulong> bits, int start, int end)
    {
        var set = 0;
        for (var i = start; i < end;)
        {
            var stop = Math.Min(end, (i | 63) + 1);
            set += BitOperations.PopCount(bits[i >> 6] & Range(i & 63, stop - i));
            i = stop;
        }

        return set;
    }

    /// <summary><paramref name="count"/> (1 to 64) set bits from bit <paramref name="first"/>.</summary>
    private static ulong Range(int first, int count) => (ulong.MaxValue >> (64 - count)) << first;

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
