using System.Globalization;
using System.Text;

namespace OrleansCrawler.TestSite;

/// <summary>
/// Every request the web answered, in completion order: in memory (thread-safe, read through
/// <see cref="Snapshot"/>) and, when a path is given, appended to a file as tab-separated lines
/// <c>time(ISO 8601)  authority  path  status  concurrent  duration (hh:mm:ss.fffffff)</c>, flushed every 100 ms and at stop, so
/// another process can read it with <see cref="Load"/>.
/// </summary>
public sealed class RequestLog
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);

    private readonly List<RequestLogEntry> _entries = [];
    private readonly Lock _lock = new();
    private readonly StreamWriter? _writer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _flusher = Task.CompletedTask;
    private int _written;

    internal RequestLog(string? path)
    {
        Path = path;
        if (path is not null)
        {
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            _writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            _flusher = FlushPeriodicallyAsync();
        }
    }

    /// <summary>The file the log is appended to, if any.</summary>
    public string? Path { get; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>A copy of the entries logged so far.</summary>
    public IReadOnlyList<RequestLogEntry> Snapshot()
    {
        lock (_lock)
        {
            return [.. _entries];
        }
    }

    /// <summary>Reads a file written by a request log (for example by a test web in another process).</summary>
    public static IReadOnlyList<RequestLogEntry> Load(string path)
    {
        var entries = new List<RequestLogEntry>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            entries.Add(Parse(line) ?? throw new FormatException($"{path}:{lineNumber}: not a request log line: '{line}'."));
        }

        return entries;
    }

    internal static string Format(in RequestLogEntry entry) =>
        string.Join('\t',
            entry.Time.ToString("O", CultureInfo.InvariantCulture),
            entry.Authority,
            entry.PathAndQuery,
            entry.Status.ToString(CultureInfo.InvariantCulture),
            entry.ConcurrentForHost.ToString(CultureInfo.InvariantCulture),
            entry.Duration.ToString("c", CultureInfo.InvariantCulture));

    /// <summary>One line of a request log file; null for a line that is not one (e.g. cut short by a flush in progress).</summary>
    public static RequestLogEntry? Parse(string line)
    {
        var fields = line.Split('\t');
        // Five fields in logs written before durations were recorded.
        var duration = TimeSpan.Zero;
        if (fields.Length is < 5 or > 6
            || (fields.Length == 6 && !TimeSpan.TryParseExact(fields[5], "c", CultureInfo.InvariantCulture, out duration))
            || !DateTimeOffset.TryParseExact(fields[0], "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            || !int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out int status)
            || !int.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out int concurrent))
        {
            return null;
        }

        return new RequestLogEntry(time, fields[1], fields[2], status, concurrent, duration);
    }

    internal void Add(in RequestLogEntry entry)
    {
        lock (_lock)
        {
            _entries.Add(entry);
        }
    }

    /// <summary>Writes what is left and closes the file. Entries added later stay in memory only.</summary>
    internal async Task CompleteAsync()
    {
        if (_writer is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _flusher;
        Flush();
        await _writer.DisposeAsync();
    }

    private async Task FlushPeriodicallyAsync()
    {
        using var timer = new PeriodicTimer(FlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                Flush();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: CompleteAsync writes the rest.
        }
    }

    private void Flush()
    {
        RequestLogEntry[] pending;
        lock (_lock)
        {
            if (_written == _entries.Count)
            {
                return;
            }

            pending = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_entries)[_written..].ToArray();
            _written = _entries.Count;
        }

        foreach (var entry in pending)
        {
            _writer!.Write(Format(entry));
            _writer.Write('\n');
        }

        _writer!.Flush();
    }
}
