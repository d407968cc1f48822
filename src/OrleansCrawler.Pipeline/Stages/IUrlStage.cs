namespace OrleansCrawler.Pipeline.Stages;

/// <summary>A check before a URL is fetched (address, robots.txt, traps, budget, politeness). Stages run in order on the
/// partition's scheduler, one URL at a time per worker, and may keep per-partition state without locks; each may stop
/// the URL (<see cref="StageStop"/>), and the URL goes on to the next stage when it returns null.</summary>
public interface IUrlStage
{
    /// <summary>The stage's name, recorded on the URL's span when it stops the URL.</summary>
    string Name { get; }

    ValueTask<StageStop?> RunAsync(UrlContext url);
}
