using System.Diagnostics;
using System.Text;
using OrleansCrawler.Bench.Measurement;

namespace OrleansCrawler.Bench.Throughput.Processes;

/// <summary>A child process metered from outside: CPU (utime + stime of /proc/PID/stat) and peak resident memory
/// (VmHWM of /proc/PID/status), sampled at two marker lines of its output (the crawl's start and end) and every
/// <see cref="PollInterval"/> while it runs, since an exited child's counters can no longer be read.</summary>
/// <remarks>With markers (ocrawl run and the baseline print a start and an end line) the figures at the end marker
/// are exact and the wall time is the time between the two lines. Without (peer crawlers) the window is from the
/// start of the process to its exit and the figures are those of the last poll, at most one interval early.</remarks>
public sealed class MeteredProcess : IAsyncDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private const int KeptLines = 400;

    private readonly Process _process;
    private readonly Func<string, bool>? _isStart;
    private readonly Func<string, bool>? _isEnd;
    private readonly Queue<string> _lines = new();
    private readonly List<string> _markedLines = [];
    private readonly Lock _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stopPolling = new();
    private readonly Task _polling;
    private long _peakBytes;
    private Sample? _last;

    private MeteredProcess(string name, Process process, Func<string, bool>? isStart, Func<string, bool>? isEnd)
    {
        Name = name;
        _process = process;
        _isStart = isStart;
        _isEnd = isEnd;
        Id = process.Id;
        Launched = TakeSample() ?? new Sample(TimeSpan.Zero, TimeSpan.Zero, 0);
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _polling = PollAsync(_stopPolling.Token);
    }

    public string Name { get; }

    public int Id { get; }

    /// <summary>CPU, wall clock and peak at launch (CPU about zero).</summary>
    public Sample Launched { get; }

    /// <summary>At the start marker line, if one was seen.</summary>
    public Sample? AtStart { get; private set; }

    /// <summary>At the end marker line, if one was seen.</summary>
    public Sample? AtEnd { get; private set; }

    /// <summary>The last poll while the process was alive.</summary>
    public Sample? Last { get { lock (_lock) { return _last; } } }

    /// <summary>Highest VmHWM read.</summary>
    public long PeakBytes => Interlocked.Read(ref _peakBytes);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The lines that matched a marker, and the last lines of output.</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                var sb = new StringBuilder();
                foreach (var line in _markedLines.Concat(_lines))
                {
                    sb.AppendLine(line);
                }

                return sb.ToString();
            }
        }
    }

    public IReadOnlyList<string> MarkedLines { get { lock (_lock) { return [.. _markedLines]; } } }

    /// <param name="isStart">The line printed when the measured work starts (null: the launch).</param>
    /// <param name="isEnd">The line printed when it ends (null: the exit).</param>
    public static MeteredProcess Start(string name, string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null, Func<string, bool>? isStart = null, Func<string, bool>? isEnd = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        return new MeteredProcess(name, process, isStart, isEnd);
    }

    /// <summary>The measured window: between the markers when both were seen, else from launch to the last poll.</summary>
    public Window Measured()
    {
        var start = AtStart ?? Launched;
        var end = AtEnd ?? Last ?? start;
        return new Window(end.Wall - start.Wall, end.Cpu - start.Cpu, end.Cpu - Launched.Cpu, Math.Max(PeakBytes, end.PeakBytes));
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill();
            throw new TimeoutException($"{Name} did not finish within {timeout}. Output:\n{Output}");
        }

        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public async Task WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            lock (_lock)
            {
                if (_lines.Any(match) || _markedLines.Any(match))
                {
                    return;
                }
            }

            if (_process.HasExited || deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"{Name} did not print the expected line (exited: {_process.HasExited}). Output:\n{Output}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        try
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            kill?.WaitForExit();
            using var wait = new CancellationTokenSource(grace);
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        var start = AtStart is null && _isStart is not null && _isStart(line);
        var end = AtEnd is null && _isEnd is not null && _isEnd(line);
        if (start || end)
        {
            // A short crawl's last lines can be read after the process has exited: then the last poll (at most
            // 100 ms earlier) stands in for the moment of the line.
            var sample = TakeSample() ?? Last ?? Launched;
            if (start)
            {
                AtStart = sample;
            }

            if (end)
            {
                AtEnd = sample;
            }
        }

        lock (_lock)
        {
            if (start || end)
            {
                _markedLines.Add(line);
                return;
            }

            _lines.Enqueue(line);
            if (_lines.Count > KeptLines)
            {
                _lines.Dequeue();
            }
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!_process.HasExited)
            {
                if (TakeSample() is { } sample)
                {
                    lock (_lock)
                    {
                        _last = sample;
                    }
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    /// <summary>Null once the process is gone.</summary>
    private Sample? TakeSample()
    {
        try
        {
            var cpu = ChildProcessMeter.Cpu(Id);
            var peak = ChildProcessMeter.PeakResidentBytes(Id);
            var wall = _clock.Elapsed;
            long seen;
            while (peak > (seen = Interlocked.Read(ref _peakBytes)) && Interlocked.CompareExchange(ref _peakBytes, peak, seen) != seen)
            {
            }

            return new Sample(wall, cpu, peak);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or FormatException or IndexOutOfRangeException
            or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        await _stopPolling.CancelAsync();
        await _polling;
        _stopPolling.Dispose();
        _process.Dispose();
    }

    /// <summary>Wall time since launch, CPU since launch, VmHWM, at one moment.</summary>
    public readonly record struct Sample(TimeSpan Wall, TimeSpan Cpu, long PeakBytes);

    /// <summary>Wall and CPU of the measured window; <see cref="ProcessCpu"/> also counts the start-up before it.</summary>
    public readonly record struct Window(TimeSpan Wall, TimeSpan Cpu, TimeSpan ProcessCpu, long PeakBytes);
}
