namespace OrleansCrawler.Infrastructure.Export;

/// <summary>Walks a side stream (content, fields) in URL order beside the results, which are in URL order too (ordinal,
/// as the stores sort): <see cref="AtAsync"/> skips rows of URLs without a result and returns the row of one URL.</summary>
public sealed class UrlOrderedCursor<T>(IAsyncEnumerable<T>? rows, Func<T, string> urlOf, CancellationToken cancellationToken) : IAsyncDisposable
    where T : class
{
    private readonly IAsyncEnumerator<T> _rows = (rows ?? AsyncEnumerable.Empty<T>()).GetAsyncEnumerator(cancellationToken);
    private bool _started;
    private T? _next;

    /// <summary>The row of <paramref name="url"/>, or null; call with URLs in ascending ordinal order.</summary>
    public async ValueTask<T?> AtAsync(string url)
    {
        if (!_started)
        {
            _started = true;
            _next = await _rows.MoveNextAsync() ? _rows.Current : null;
        }

        while (_next is not null && string.CompareOrdinal(urlOf(_next), url) < 0)
        {
            _next = await _rows.MoveNextAsync() ? _rows.Current : null;
        }

        return _next is not null && urlOf(_next) == url ? _next : null;
    }

    public ValueTask DisposeAsync() => _rows.DisposeAsync();
}
