using System.Runtime.CompilerServices;

namespace OrleansCrawler.Cli.Export;

/// <summary>Streams a keyset-paginated read: page after page, each starting after the last key of the one before.</summary>
public static class ExportPaging
{
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(Func<string?, CancellationToken, Task<IReadOnlyList<T>>> readPage, Func<T, string> keyOf,
        int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? after = null;
        while (true)
        {
            var page = await readPage(after, cancellationToken);
            foreach (var item in page)
            {
                yield return item;
            }

            if (page.Count < pageSize)
            {
                yield break;
            }

            after = keyOf(page[^1]);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
