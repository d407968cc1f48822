namespace OrleansCrawler.Abstractions.Dedup;

/// <summary>A page offered to the duplicate index: its URL, the SimHash of its main text (null: no text) and the
/// first 64 bits of its body's SHA-1.</summary>
[GenerateSerializer, Immutable, Alias("OrleansCrawler.DuplicateProbe")]
public sealed record DuplicateProbe(
    [property: Id(0)] string Url,
    [property: Id(1)] ulong? Fingerprint,
    [property: Id(2)] ulong Digest);
