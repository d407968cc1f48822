namespace OrleansCrawler.Abstractions.Dedup;

/// <summary>One part of a job's near-duplicate index (docs/dedup.md): the permuted table of one block of the 64-bit
/// SimHash, for the fingerprints whose block value falls in one range. Key <c>job/block/range</c>
/// (<see cref="DuplicateIndexKey"/>). The block-0 part also remembers the first URL of each fingerprint and of each
/// body digest among its fingerprints, so exact duplicates (same body, hence same fingerprint) are decided there.</summary>
[Alias("OrleansCrawler.IDuplicateIndexGrain")]
public interface IDuplicateIndexGrain : IGrainWithStringKey
{
    /// <summary>Looks the page up and adds it, in one turn (so of two near duplicates that arrive together, one is
    /// first). Block 0: an exact duplicate (same digest, another URL) is answered at once and not added.</summary>
    [Alias("Admit")]
    Task<DuplicateHit?> AdmitAsync(DuplicateProbe probe);

    /// <summary>Block 0: the first URL seen with this fingerprint, or null.</summary>
    [Alias("FirstUrl")]
    Task<string?> FirstUrlAsync(ulong fingerprint);
}
