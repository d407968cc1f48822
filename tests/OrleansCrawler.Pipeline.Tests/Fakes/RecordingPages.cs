using OrleansCrawler.Pipeline.Pages;
using OrleansCrawler.Pipeline.Ports;

namespace OrleansCrawler.Pipeline.Tests.Fakes;

/// <summary>A page handler that records the pages handed to it, and fails the first <see cref="FailFirst"/> of them.</summary>
internal sealed class RecordingPages : IPageHandler
{
    private readonly List<FetchedPage> _pages = [];

    public int FailFirst { get; set; }

    /// <summary>When set, every page is recorded and then held until this task completes (a page still being processed).</summary>
    public Task? Hold { get; set; }

    public IReadOnlyList<FetchedPage> Pages
    {
        get
        {
            lock (_pages)
            {
                return [.. _pages];
            }
        }
    }

    public Task HandleAsync(FetchedPage page)
    {
        lock (_pages)
        {
            if (FailFirst > 0)
            {
                FailFirst--;
                return Task.FromException(new TimeoutException("the parser did not answer"));
            }

            _pages.Add(page);
        }

        return Hold ?? Task.CompletedTask;
    }
}
