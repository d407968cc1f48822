namespace OrleansCrawler.Bench.Measurement;

/// <summary>A crawl's rate in its middle, apart from its ramp and its tail: between the polls that first saw 10 % and
/// 90 % of its URLs settled. A crawl starts from its seeds (every host's robots.txt first, few URLs known) and ends on
/// the last pages of the web's deepest paths: time that more machines cannot shorten, and a larger share of a short
/// crawl the more silos share it. The whole-crawl rate stays the figure a user sees; this one says how much of the
/// shortfall is the ramp and the tail (docs/scale.md).</summary>
/// <param name="Rate">URLs settled per second between the two polls.</param>
/// <param name="Ramp">From the job's start to the poll that first saw 10 % settled.</param>
/// <param name="Tail">From the poll that first saw 90 % settled to the end.</param>
public sealed record SteadyRate(double Rate, TimeSpan Ramp, TimeSpan Tail)
{
    /// <summary>From the polls' (time since the start, URLs settled) and the final count and wall time; null when the
    /// polls are too few to tell (the 10 % and 90 % polls the same one, or missing).</summary>
    public static SteadyRate? Of(IReadOnlyList<(TimeSpan At, long Settled)> polls, long total, TimeSpan wall)
    {
        ArgumentNullException.ThrowIfNull(polls);
        if (total <= 0)
        {
            return null;
        }

        (TimeSpan At, long Settled)? low = null, high = null;
        foreach (var poll in polls)
        {
            if (low is null && poll.Settled * 10 >= total)
            {
                low = poll;
            }

            if (poll.Settled * 10 >= total * 9)
            {
                high = poll;
                break;
            }
        }

        if (low is not { } a || high is not { } b || b.At <= a.At || b.Settled <= a.Settled)
        {
            return null;
        }

        return new SteadyRate((b.Settled - a.Settled) / (b.At - a.At).TotalSeconds, a.At, wall > b.At ? wall - b.At : TimeSpan.Zero);
    }
}
