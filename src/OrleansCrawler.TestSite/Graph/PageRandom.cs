namespace OrleansCrawler.TestSite.Graph;

/// <summary>
/// A tiny deterministic generator (SplitMix64). Own code rather than <see cref="Random"/>, whose
/// sequence for a given seed is not a documented contract across .NET versions.
/// </summary>
internal struct PageRandom(ulong state)
{
    private ulong _state = state;

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A well-mixed key for (seed, host, page, salt).</summary>
    public static ulong Key(int seed, int host, int page, ulong salt) =>
        Mix(Mix(Mix((ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ salt) + (ulong)(uint)host) + (ulong)(uint)page);

    public ulong NextULong()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, maxExclusive).</summary>
    public int Next(int maxExclusive) => maxExclusive <= 1 ? 0 : (int)(NextULong() % (ulong)maxExclusive);

    public bool Chance(int percent) => Next(100) < percent;
}
