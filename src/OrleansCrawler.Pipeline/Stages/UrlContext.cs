using OrleansCrawler.Core.Crawling;
using OrleansCrawler.Core.Politeness;
using OrleansCrawler.Core.Ports;
using OrleansCrawler.Core.Robots;
using OrleansCrawler.Pipeline.Ports;

namespace OrleansCrawler.Pipeline.Stages;

/// <summary>One URL on its way through a partition's stages: the frontier entry, its host's politeness clock, and what
/// the stages found so far (robots.txt, the fetch turn). Lives for one attempt on the partition's scheduler.</summary>
public sealed class UrlContext(FrontierEntry entry, HostPoliteness host)
{
    private SemaphoreSlim? _slot;
    private SemaphoreSlim? _pageSlot;
    private (IHostGates Gates, HostTurn Turn)? _turn;

    public FrontierEntry Entry { get; } = entry;

    public Uri Url { get; } = new(entry.Url);

    public HostPoliteness Host { get; } = host;

    /// <summary>The first attempt (not a retry): traps, addresses and the page budget are checked on it only.</summary>
    public bool IsFirstAttempt => Entry.Attempt == 0;

    /// <summary>The robots.txt answer for the URL's authority, once <see cref="RobotsStage"/> has run.</summary>
    public RobotsEntry? Robots { get; set; }

    /// <summary>Marked when the request goes out (with a politeness delay in force), else null.</summary>
    public RequestSent? Sent { get; private set; }

    /// <summary>The politeness turn was granted: the URL holds one of the job's fetch slots on this silo.</summary>
    public bool HoldsSlot => _slot is not null;

    /// <summary>The turn was granted with this slot held; <see cref="ReleaseSlot"/> gives it back.</summary>
    public void Granted(SemaphoreSlim slot, RequestSent? sent)
    {
        _slot = slot;
        Sent = sent;
    }

    /// <summary>The host's shared turn (across jobs) was granted too; <see cref="ReleaseTurn"/> gives it back.</summary>
    public void Granted(SemaphoreSlim slot, RequestSent? sent, IHostGates gates, HostTurn turn)
    {
        Granted(slot, sent);
        _turn = (gates, turn);
    }

    /// <summary>Gives the host's shared turn back (once), with the host's "not before" time if it is still ahead (a
    /// Retry-After or backoff just set holds for every job).</summary>
    public void ReleaseTurn(DateTimeOffset now)
    {
        if (_turn is not { } held)
        {
            return;
        }

        _turn = null;
        held.Gates.Release(Entry.Authority, held.Turn, Host.NotBefore > now ? Host.NotBefore : null);
    }

    /// <summary>The URL holds one of the job's page slots on this silo (see <c>JobRuntime.PageSlots</c>) from its turn
    /// to its settle row; <see cref="ReleasePageSlot"/> gives it back.</summary>
    public void HoldPageSlot(SemaphoreSlim slot) => _pageSlot = slot;

    /// <summary>Gives the page slot back (once; later calls do nothing).</summary>
    public void ReleasePageSlot()
    {
        var slot = _pageSlot;
        _pageSlot = null;
        slot?.Release();
    }

    /// <summary>Gives the fetch slot back (once; later calls do nothing).</summary>
    public void ReleaseSlot()
    {
        var slot = _slot;
        _slot = null;
        slot?.Release();
    }
}
