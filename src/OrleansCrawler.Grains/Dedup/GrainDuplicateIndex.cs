using System.Collections.Concurrent;
using OrleansCrawler.Abstractions.Dedup;
using OrleansCrawler.Core.Dedup;
using OrleansCrawler.Pipeline.Ports;

namespace OrleansCrawler.Grains.Dedup;

/// <summary>The job's duplicate index over its <see cref="IDuplicateIndexGrain"/>s: first the block-0 grain of the
/// page's fingerprint (an identical body is decided there, and near duplicates that share block 0), then the three
/// other blocks' grains together; a near duplicate found in those is named by the block-0 grain of its own
/// fingerprint (one more call, only for duplicates). Block 0 goes first so that every fingerprint the other tables
/// hold already has its URL. Calls are retried while a dead silo is declared dead.</summary>
public sealed class GrainDuplicateIndex(IGrainFactory grains, TimeProvider time) : IDuplicateIndex
{
    public async Task<DuplicateVerdict> CheckAsync(string jobId, string url, ulong? fingerprint, ulong digest)
    {
        var probe = new DuplicateProbe(url, fingerprint, digest);
        // Without text the digest alone routes the page to a block-0 grain.
        var first = await CallAsync(Grain(jobId, 0, fingerprint ?? digest), g => g.AdmitAsync(probe)).ConfigureAwait(false);
        if (first is { Exact: true } || fingerprint is not { } f)
        {
            return first is null ? DuplicateVerdict.New : new DuplicateVerdict(first.Url, 0);
        }

        var others = await Task.WhenAll(Enumerable.Range(1, FingerprintBlocks.Count - 1)
            .Select(block => CallAsync(Grain(jobId, block, f), g => g.AdmitAsync(probe)))).ConfigureAwait(false);
        var best = first;
        foreach (var hit in others)
        {
            if (hit is not null && (best is null || hit.Distance < best.Distance))
            {
                best = hit;
            }
        }

        if (best is null)
        {
            return DuplicateVerdict.New;
        }

        var firstUrl = best.Url ?? await CallAsync(Grain(jobId, 0, best.Fingerprint), g => g.FirstUrlAsync(best.Fingerprint)).ConfigureAwait(false);
        return firstUrl is null || firstUrl == url ? DuplicateVerdict.New : new DuplicateVerdict(firstUrl, best.Distance);
    }

    // A job has FingerprintBlocks.Count x 2^RangeBits index grains (64); their references are made once per job and
    // kept (a key formatted and a reference looked up per call was 0.8 % of a --dedup crawl's CPU). Bounded: the
    // references of at most MaxJobs jobs are kept, all forgotten when there would be more.
    private const int MaxJobs = 64;
    private const int Ranges = 1 << DuplicateIndexKey.RangeBits;
    private readonly StringKeyGrains<IDuplicateIndexGrain> _references = new(grains);
    private readonly ConcurrentDictionary<string, IDuplicateIndexGrain?[]> _byJob = new(StringComparer.Ordinal);

    internal IDuplicateIndexGrain Grain(string jobId, int block, ulong fingerprint)
    {
        if (!_byJob.TryGetValue(jobId, out var references))
        {
            if (_byJob.Count >= MaxJobs)
            {
                _byJob.Clear();
            }

            references = _byJob.GetOrAdd(jobId, _ => new IDuplicateIndexGrain?[FingerprintBlocks.Count * Ranges]);
        }

        var value = FingerprintBlocks.Of(fingerprint, block);
        // The slot of the key DuplicateIndexKey.Of makes: the block, and the top RangeBits bits of its 16.
        ref var slot = ref references[(block * Ranges) + (value >> (FingerprintBlocks.Bits - DuplicateIndexKey.RangeBits))];
        return slot ??= _references.Get(DuplicateIndexKey.Of(jobId, block, value));
    }

    private Task<T> CallAsync<T>(IDuplicateIndexGrain grain, Func<IDuplicateIndexGrain, Task<T>> call) => GrainRetry.CallAsync(() => call(grain), time);
}
