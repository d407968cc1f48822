using System.Globalization;
using OrleansCrawler.TestSite;

namespace OrleansCrawler.Bench.Throughput.Processes;

/// <summary>What the test web saw of one crawl, from its request log (<c>ocrawl testsite --request-log</c>): the
/// requests that arrived in the crawl's window, how long the web took over each (arrival until the response was
/// written, the added latency included) and how many were in progress on average. By Little's law pages/s is about
/// <see cref="MeanInFlight"/> / <see cref="MeanResponse"/>, which splits a shortfall against the latency ceiling into
/// the crawler not keeping its fetches in flight and the web answering slower than the latency it adds.</summary>
public sealed record WebServiceStats(int Requests, TimeSpan MeanResponse, double MeanInFlight, TimeSpan P95Response)
{
    /// <summary>Reads the log written so far; a line cut short by a flush in progress is skipped.</summary>
    public static WebServiceStats? Read(string path, DateTimeOffset from, DateTimeOffset to)
    {
        if (!File.Exists(path) || to <= from)
        {
            return null;
        }

        var durations = new List<TimeSpan>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (RequestLog.Parse(line) is { } entry && entry.Time >= from && entry.Time <= to)
            {
                durations.Add(entry.Duration);
            }
        }

        if (durations.Count == 0)
        {
            return null;
        }

        durations.Sort();
        var total = durations.Aggregate(TimeSpan.Zero, (sum, d) => sum + d);
        return new WebServiceStats(durations.Count, total / durations.Count, total / (to - from), durations[(int)(0.95 * (durations.Count - 1))]);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"web side: {Requests:N0} requests, response {MeanResponse.TotalMilliseconds:0.0} ms mean / {P95Response.TotalMilliseconds:0.0} ms p95 (added latency included), {MeanInFlight:0.0} in flight on average");
}
