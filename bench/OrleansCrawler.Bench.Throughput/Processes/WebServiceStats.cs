using System.Globalization;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Bench.Throughput.Processes;

/// <summary>What the test web saw of one crawl, from its request log (<c>ocrawl testsite --request-log</c>): the
/// requests that arrived in the crawl's window, how long the web took over each (arrival until the response was
/// written, the added latency included) and how many were in progress on average. By Little's law pages/s is about
/// <see cref="MeanInFlight"/> / <see cref="MeanResponse"/>, which splits a shortfall against the latency ceiling into
/// the crawler not keeping its fetches in flight and the web answering slower than the latency it adds.
/// <see cref="InFlightByQuarter"/> says when slots ran idle: at the start, throughout, or in the tail.</summary>
public sealed record WebServiceStats(int Requests, TimeSpan MeanResponse, double MeanInFlight, TimeSpan P95Response)
{
    public const int Quarters = 4;

    /// <summary>Mean requests in progress in each quarter of the window (a response's time is counted in the quarters
    /// it spans, cut at the window's end).</summary>
    public IReadOnlyList<double> InFlightByQuarter { get; init; } = [];

    /// <summary>Reads the log written so far; a line cut short by a flush in progress is skipped.</summary>
    public static WebServiceStats? Read(string path, DateTimeOffset from, DateTimeOffset to)
    {
        if (!File.Exists(path) || to <= from)
        {
            return null;
        }

        var durations = new List<TimeSpan>();
        var quarter = (to - from) / Quarters;
        var busy = new double[Quarters];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (RequestLog.Parse(line) is { } entry && entry.Time >= from && entry.Time <= to)
            {
                durations.Add(entry.Duration);
                var end = entry.End < to ? entry.End : to;
                for (var q = (int)((entry.Time - from) / quarter); q < Quarters && from + (q * quarter) < end; q++)
                {
                    var start = from + (q * quarter) > entry.Time ? from + (q * quarter) : entry.Time;
                    var stop = from + ((q + 1) * quarter) < end ? from + ((q + 1) * quarter) : end;
                    busy[q] += (stop - start).TotalSeconds;
                }
            }
        }

        if (durations.Count == 0)
        {
            return null;
        }

        durations.Sort();
        var total = durations.Aggregate(TimeSpan.Zero, (sum, d) => sum + d);
        return new WebServiceStats(durations.Count, total / durations.Count, total / (to - from), durations[(int)(0.95 * (durations.Count - 1))])
        {
            InFlightByQuarter = [.. busy.Select(b => b / quarter.TotalSeconds)],
        };
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"web side: {Requests:N0} requests, response {MeanResponse.TotalMilliseconds:0.0} ms mean / {P95Response.TotalMilliseconds:0.0} ms p95 (added latency included), {MeanInFlight:0.0} in flight on average")
        + (InFlightByQuarter.Count == 0 ? "" : " (by quarter " + string.Join(" / ", InFlightByQuarter.Select(q => q.ToString("0.0", CultureInfo.InvariantCulture))) + ")");
}
