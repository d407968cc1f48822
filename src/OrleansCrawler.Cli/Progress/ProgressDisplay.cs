using System.Diagnostics;
using OrleansCrawler.Abstractions.Jobs;

namespace OrleansCrawler.Cli.Progress;

/// <summary>The live progress line of a crawl on stderr: redrawn in place on a terminal, a line every few seconds
/// when stderr is redirected (logs, CI). Hand-written: a single status line needs no UI library.</summary>
public sealed class ProgressDisplay(TextWriter output, bool interactive, int maxPages)
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _lastLine;
    private long _lastSettled;
    private TimeSpan _lastRateAt;
    private double _rate;

    public void Report(JobStatus status)
    {
        var now = _clock.Elapsed;
        var c = status.Counters;
        var window = (now - _lastRateAt).TotalSeconds;
        if (window >= 1)
        {
            _rate = (c.Settled - _lastSettled) / window;
            _lastSettled = c.Settled;
            _lastRateAt = now;
        }

        if (!interactive && _lastLine is { } last && now - last < LogInterval && status.State == JobState.Running)
        {
            return;
        }

        _lastLine = now;
        var total = maxPages > 0 ? Math.Min(maxPages, Math.Max(c.Accepted, 1)) : Math.Max(c.Accepted, 1);
        var done = maxPages > 0 ? c.Fetched + c.Failed : c.Settled;
        var fraction = Math.Clamp((double)done / total, 0, 1);
        const int width = 24;
        var filled = (int)(fraction * width);
        var bar = new string('#', filled) + new string('-', width - filled);
        var line = $"[{bar}] {fraction,4:P0} pages {c.Fetched + c.Failed:N0}  {_rate,6:N0}/s  queue {c.Queued:N0}  in flight {c.InFlight:N0}  errors {c.Failed:N0}  robots {c.RobotsDenied:N0}";
        if (status.Problem is { } problem)
        {
            // A store is away and writes are retried: say why the numbers stopped moving.
            line += $"  STALLED: {problem}";
        }

        if (interactive)
        {
            output.Write("\r" + line.PadRight(Console.IsErrorRedirected ? 0 : Math.Max(0, SafeWidth() - 1)));
        }
        else
        {
            output.WriteLine(line);
        }
    }

    public void Finish()
    {
        if (interactive)
        {
            output.WriteLine();
        }
    }

    private static int SafeWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
