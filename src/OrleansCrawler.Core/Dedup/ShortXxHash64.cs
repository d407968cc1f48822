using System.Buffers.Binary;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OrleansCrawler.Core.Dedup;

/// <summary>XxHash64 with seed 0 (the same function as <see cref="XxHash64.HashToUInt64"/>) for the short inputs of a
/// fingerprint: a word's few bytes and a shingle's two or three word hashes. The library's one-shot hash handles any
/// length through a general state and tail loop, which a profile of <see cref="SimHash"/> found at a third of its time;
/// the xxHash specification's path for inputs under 32 bytes is a few multiplications, written out here. Longer inputs
/// go to the library. <c>ShortXxHash64Tests</c> compares both with the library on every length.</summary>
internal static class ShortXxHash64
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Prime3 = 0x165667B19E3779F9UL;
    private const ulong Prime4 = 0x85EBCA77C2B2AE63UL;
    private const ulong Prime5 = 0x27D4EB2F165667C5UL;

    /// <summary>XxHash64 (seed 0) of <paramref name="data"/>.</summary>
    public static ulong Hash(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 32)
        {
            return XxHash64.HashToUInt64(data);
        }

        var acc = Prime5 + (ulong)data.Length;
        while (data.Length >= 8)
        {
            acc = Lane(acc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        if (data.Length >= 4)
        {
            acc ^= BinaryPrimitives.ReadUInt32LittleEndian(data) * Prime1;
            acc = (BitOperations.RotateLeft(acc, 23) * Prime2) + Prime3;
            data = data[4..];
        }

        foreach (var b in data)
        {
            acc ^= b * Prime5;
            acc = BitOperations.RotateLeft(acc, 11) * Prime1;
        }

        return Avalanche(acc);
    }

    /// <summary>XxHash64 (seed 0) of <paramref name="words"/> written as little-endian bytes.</summary>
    public static ulong Hash(ReadOnlySpan<ulong> words)
    {
        if (words.Length >= 4)
        {
            Span<byte> bytes = stackalloc byte[words.Length * 8];
            for (var i = 0; i < words.Length; i++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(bytes[(i * 8)..], words[i]);
            }

            return XxHash64.HashToUInt64(bytes);
        }

        var acc = Prime5 + ((ulong)words.Length * 8);
        foreach (var word in words)
        {
            acc = Lane(acc, word);
        }

        return Avalanche(acc);
    }

    /// <summary>XxHash64 (seed 0) of one word written as 8 little-endian bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(ulong word) => Avalanche(Lane(Prime5 + 8, word));

    /// <summary>XxHash64 (seed 0) of two words written as 16 little-endian bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(ulong first, ulong second) => Avalanche(Lane(Lane(Prime5 + 16, first), second));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Lane(ulong acc, ulong lane)
    {
        acc ^= BitOperations.RotateLeft(lane * Prime2, 31) * Prime1;
        return (BitOperations.RotateLeft(acc, 27) * Prime1) + Prime4;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Avalanche(ulong acc)
    {
        acc ^= acc >> 33;
        acc *= Prime2;
        acc ^= acc >> 29;
        acc *= Prime3;
        acc ^= acc >> 32;
        return acc;
    }
}
