using OrleansCrawler.Core.Crawling;

namespace OrleansCrawler.Core.Results;

/// <summary>Collects up to N sample URLs per error kind from error rows read in URL order, the kind decided by
/// <see cref="ErrorKind.Of"/> (one definition, so the stores do not each restate it in their SQL dialect).</summary>
public sealed class ErrorSampleCollector
{
    /// <summary>Error rows are read this many at a time (keyset by URL), so a read can stop early.</summary>
    public const int ChunkSize = 1000;

    private readonly Dictionary<string, List<string>> _samples = new(StringComparer.Ordinal);
    private readonly bool _fixedKinds;
    private readonly int _perKind;
    private int _unfilled;

    public ErrorSampleCollector(IReadOnlyCollection<string>? kinds, int perKind)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perKind, 1);
        _perKind = perKind;
        _fixedKinds = kinds is not null;
        foreach (var kind in kinds ?? [])
        {
            _samples.TryAdd(kind, []);
        }

        _unfilled = _samples.Count;
    }

    /// <summary>Every wanted kind has its samples (never true when every kind is wanted: more may come).</summary>
    public bool IsFull => _fixedKinds && _unfilled == 0;

    public void Add(string url, int status, string? error)
    {
        if (ErrorKind.Of(status, error) is not { } kind)
        {
            return;
        }

        if (!_samples.TryGetValue(kind, out var urls))
        {
            if (_fixedKinds)
            {
                return;
            }

            _samples[kind] = urls = [];
            _unfilled++;
        }

        if (urls.Count < _perKind)
        {
            urls.Add(url);
            if (urls.Count == _perKind)
            {
                _unfilled--;
            }
        }
    }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Samples =>
        _samples.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal);
}
