using System.Runtime.CompilerServices;
using OrleansCrawler.Core.Results;

namespace OrleansCrawler.Core.Ports;

public static class PageStoreExtensions
{
    /// <summary>All of the job's records in URL order, read a page at a time (never the whole job in memory).</summary>
    public static async IAsyncEnumerable<PageRecord> ReadAsync(this IPageStore store, string jobId,
        [EnumeratorCancellation] CancellationToken cancellationToken = default, int pageSize = 1000)
    {
        string? after = null;
        while (true)
        {
            var page = await store.ReadPageAsync(jobId, after, pageSize, cancellationToken).ConfigureAwait(false);
            foreach (var record in page)
            {
                yield return record;
            }

            if (page.Count < pageSize)
            {
                yield break;
            }

            after = page[^1].Url;
        }
    }
}
