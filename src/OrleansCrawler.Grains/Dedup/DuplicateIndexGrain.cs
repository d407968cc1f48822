using OrleansCrawler.Abstractions.Dedup;
using OrleansCrawler.Core.Dedup;

namespace OrleansCrawler.Grains.Dedup;

/// <summary>One block's permuted table for one range of the block's values (<see cref="DuplicateIndexKey"/>), in
/// memory: a page costs 8 bytes here (<see cref="FingerprintTable"/>), 32 over the four blocks. Block-0 grains also
/// keep the first URL of each fingerprint and of each body digest (a dictionary entry and the URL, which the result rows
/// hold anyway). A grain call is one turn, so of two near duplicates offered at once one is first; and since a pair is
/// decided only by the table of the first block it shares, only one of them is called the other's duplicate. Not
/// persisted: a grain that is lost (its silo died) or idle for <see cref="IdleHours"/> forgets its part, and later
/// copies of what it held are taken as new (a verdict missed, never a page).</summary>
[CollectionAgeLimit(Hours = IdleHours)]
public sealed class DuplicateIndexGrain : Grain, IDuplicateIndexGrain
{
    public const int IdleHours = 2;

    private readonly List<(ulong Fingerprint, int Distance)> _found = [];
    private FingerprintTable? _table;
    private Dictionary<ulong, string>? _firstByFingerprint;
    private Dictionary<ulong, string>? _firstByDigest;

    private int Block => DuplicateIndexKey.BlockOf(this.GetPrimaryKeyString());

    public Task<DuplicateHit?> AdmitAsync(DuplicateProbe probe)
    {
        _table ??= new FingerprintTable(Block);
        if (_table.Block == 0)
        {
            _firstByDigest ??= [];
            _firstByFingerprint ??= [];
            // The same body again (a refetch of the same URL is not a duplicate of itself).
            if (!_firstByDigest.TryAdd(probe.Digest, probe.Url) && _firstByDigest[probe.Digest] is var first && first != probe.Url)
            {
                return Task.FromResult<DuplicateHit?>(new DuplicateHit(probe.Fingerprint ?? 0, 0, first, Exact: true));
            }
        }

        if (probe.Fingerprint is not { } fingerprint)
        {
            return Task.FromResult<DuplicateHit?>(null);
        }

        _found.Clear();
        _table.FindNear(fingerprint, _found);
        DuplicateHit? best = null;
        foreach (var (candidate, distance) in _found)
        {
            var url = _firstByFingerprint?.GetValueOrDefault(candidate);
            if (url == probe.Url || (best is not null && best.Distance <= distance))
            {
                continue;
            }

            best = new DuplicateHit(candidate, distance, url);
        }

        // Block 0 adds a fingerprint once (a refetch, or another page with the same text, adds nothing new).
        if (_firstByFingerprint is null || _firstByFingerprint.TryAdd(fingerprint, probe.Url))
        {
            _table.Add(fingerprint);
        }

        return Task.FromResult(best);
    }

    public Task<string?> FirstUrlAsync(ulong fingerprint) => Task.FromResult(_firstByFingerprint?.GetValueOrDefault(fingerprint));
}
