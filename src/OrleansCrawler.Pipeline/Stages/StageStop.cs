using OrleansCrawler.Core.Crawling;

namespace OrleansCrawler.Pipeline.Stages;

/// <summary>Why a stage stopped a URL before its fetch: the outcome it is settled with and the reason. A
/// <see cref="Stored"/> stop is kept as the URL's result with the reason as its error (traps, private addresses, a host
/// given up), and counted by kind; the others are only settled and counted (robots.txt denials, the page budget spent,
/// the job stopped), with the reason on the URL's span.</summary>
public readonly record struct StageStop(CrawlOutcome Outcome, string Reason, bool Stored)
{
    public const string RobotsDisallowed = "robots: disallowed by robots.txt";
    public const string BudgetSpent = "budget: the job's --max-pages are spent";
    public const string JobStopped = "stopped: the job was stopped";

    /// <summary>Settled and stored as the URL's result, with the reason as its error.</summary>
    public static StageStop Store(CrawlOutcome outcome, string reason) => new(outcome, reason, true);

    /// <summary>Settled and counted, not stored.</summary>
    public static StageStop Settle(CrawlOutcome outcome, string reason) => new(outcome, reason, false);
}
