namespace OrleansCrawler.Abstractions.Dedup;

/// <summary>The closest earlier page an index part found: its fingerprint, the distance in bits (0 with
/// <see cref="Exact"/> for the same body), and its URL when that part knows it (block 0).</summary>
[GenerateSerializer, Immutable, Alias("OrleansCrawler.DuplicateHit")]
public sealed record DuplicateHit(
    [property: Id(0)] ulong Fingerprint,
    [property: Id(1)] int Distance,
    [property: Id(2)] string? Url,
    [property: Id(3)] bool Exact = false);
