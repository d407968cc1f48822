using OrleansCrawler.Pipeline.Ports;

namespace OrleansCrawler.Pipeline.Tests.Fakes;

/// <summary>A page budget of <paramref name="pages"/> that counts the calls made to it.</summary>
internal sealed class FakeBudget(int pages) : IPageBudget
{
    private int _left = pages;

    public int Calls { get; private set; }

    public Task<int> AcquireAsync(int wanted)
    {
        Calls++;
        var granted = Math.Min(wanted, _left);
        _left -= granted;
        return Task.FromResult(granted);
    }
}
