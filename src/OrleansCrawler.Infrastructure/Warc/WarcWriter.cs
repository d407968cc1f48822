using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Threading.Channels;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Infrastructure.Warc;

/// <summary>One job's WARC/1.1 archive on one silo. Every exchange becomes a <c>response</c> (or, when an identical
/// payload is already archived, a <c>revisit</c> with the identical-payload-digest profile) and a <c>request</c> record
/// concurrent to it, each its own gzip member. One writer loop takes whatever exchanges have queued up, writes them,
/// flushes once and completes their callers (group commit, like the result store): a caller's task completes when its
/// records have reached the operating system, so they survive the process being killed. Files are named
/// <c>ocrawl-{job}-{host}-{pid}-{timestamp}-{serial}.warc.gz</c> (no two silos or runs collide), start with a
/// <c>warcinfo</c> record and are rotated once they reach the rotation size. On start the job's earlier files in the
/// folder are scanned: a torn last record (a crash) is cut, and their payload digests seed the revisit index.</summary>
public sealed class WarcWriter : IExchangeRecorder, IAsyncDisposable
{
    public const long DefaultRotateBytes = 1L << 30;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, Original> _payloads = new(StringComparer.Ordinal);
    private readonly string _directory;
    private readonly string _namePrefix;
    private readonly long _rotateBytes;
    private readonly TimeProvider _time;
    private readonly Task _loop;
    private FileStream? _file;
    private int _serial;

    public WarcWriter(string directory, string jobId, long rotateBytes, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rotateBytes, 1);
        _directory = directory;
        _rotateBytes = rotateBytes;
        _time = time;
        JobPrefix = JobPrefixOf(jobId);
        _namePrefix = $"{JobPrefix}{Safe(Environment.MachineName)}-{Environment.ProcessId}-";
        _loop = Task.Run(RunAsync);
    }

    /// <summary>How every file of the job begins, whichever silo wrote it.</summary>
    public string JobPrefix { get; }

    /// <summary>How every file name of <paramref name="jobId"/> begins.</summary>
    public static string JobPrefixOf(string jobId) => $"ocrawl-{Safe(jobId)}-";

    /// <summary>The files written so far by this writer.</summary>
    public List<string> Files { get; } = [];

    public Task RecordAsync(HttpExchange exchange, CancellationToken cancellationToken = default)
    {
        // Digests are computed by the caller (many fetches in parallel), not by the single writer loop.
        var (block, payload) = WarcDigest.Sha1(exchange.ResponseHead.Span, exchange.Payload);
        var pending = new Pending(exchange, block, payload, WarcDigest.Sha1(exchange.ResponseHead.Span), WarcDigest.Sha1(exchange.RequestHead.Span));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(WarcWriter), "the WARC writer is closed");
        }

        return pending.Done.Task;
    }

    private async Task RunAsync()
    {
        Exception? broken = null;
        try
        {
            Recover();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            broken = new IOException($"WARC folder {_directory}: {ex.Message}", ex);
        }

        var batch = new List<Pending>();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            if (broken is not null)
            {
                batch.ForEach(p => p.Done.TrySetException(broken));
            }
            else
            {
                WriteBatch(batch);
            }

            batch.Clear();
        }

        _file?.Dispose();
    }

    private void WriteBatch(List<Pending> batch)
    {
        var added = new List<string>();
        var file = _file;
        var start = file?.Length ?? 0;
        try
        {
            foreach (var pending in batch)
            {
                Write(pending, added);
            }

            _file!.Flush();
            batch.ForEach(p => p.Done.TrySetResult());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing half-written stays behind a failed batch: the file is cut back to where the batch began (a file
            // opened during the batch is simply abandoned: its own records were never acknowledged either).
            added.ForEach(d => _payloads.Remove(d));
            try
            {
                if (file is not null && ReferenceEquals(file, _file))
                {
                    file.SetLength(start);
                }
            }
            catch (IOException)
            {
            }

            _file?.Dispose();
            _file = null;
            batch.ForEach(p => p.Done.TrySetException(new IOException($"WARC write failed in {_directory}: {ex.Message}", ex)));
        }
    }

    private void Write(Pending pending, List<string> added)
    {
        var file = CurrentFile();
        var exchange = pending.Exchange;
        var responseId = WarcRecordHeader.NewRecordId();
        var uri = exchange.TargetUri.AbsoluteUri;
        var revisit = exchange.Payload.Length > 0 && exchange.Truncated is null && _payloads.TryGetValue(pending.PayloadDigest, out var original)
            ? original
            : null;
        var response = new WarcRecordHeader(revisit is null ? "response" : "revisit", responseId, exchange.Date)
            .Add("WARC-Target-URI", uri)
            .Add("WARC-IP-Address", exchange.IpAddress);
        if (revisit is null)
        {
            response.Add("WARC-Block-Digest", pending.BlockDigest).Add("WARC-Payload-Digest", pending.PayloadDigest)
                .Add("WARC-Truncated", exchange.Truncated).Add("Content-Type", "application/http; msgtype=response");
            WriteMember(file, response.ToBytes(exchange.ResponseHead.Length + exchange.Payload.Length), exchange.ResponseHead, exchange.Payload);
            if (exchange.Payload.Length > 0 && exchange.Truncated is null)
            {
                _payloads[pending.PayloadDigest] = new Original(responseId, uri, WarcRecordHeader.FormatDate(exchange.Date));
                added.Add(pending.PayloadDigest);
            }
        }
        else
        {
            response.Add("WARC-Profile", WarcRecordHeader.IdenticalPayloadProfile).Add("WARC-Refers-To", revisit.RecordId)
                .Add("WARC-Refers-To-Target-URI", revisit.TargetUri).Add("WARC-Refers-To-Date", revisit.Date)
                .Add("WARC-Block-Digest", pending.HeadDigest).Add("WARC-Payload-Digest", pending.PayloadDigest)
                .Add("Content-Type", "application/http; msgtype=response");
            WriteMember(file, response.ToBytes(exchange.ResponseHead.Length), exchange.ResponseHead, ExchangePayload.Empty);
        }

        var request = new WarcRecordHeader("request", WarcRecordHeader.NewRecordId(), exchange.Date)
            .Add("WARC-Target-URI", uri).Add("WARC-IP-Address", exchange.IpAddress).Add("WARC-Concurrent-To", responseId)
            .Add("WARC-Block-Digest", pending.RequestDigest).Add("Content-Type", "application/http; msgtype=request");
        WriteMember(file, request.ToBytes(exchange.RequestHead.Length), exchange.RequestHead, ExchangePayload.Empty);
    }

    private FileStream CurrentFile()
    {
        // Position, not Length: the file is written from its start only by this writer, so the two agree, and Length
        // asks the file system (an fstat per record).
        if (_file is not null && _file.Position < _rotateBytes)
        {
            return _file;
        }

        _file?.Flush();
        _file?.Dispose();
        _serial++;
        var now = _time.GetUtcNow();
        var name = $"{_namePrefix}{now.UtcDateTime.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture)}-{_serial:D5}.warc.gz";
        var path = Path.Combine(_directory, name);
        // FileShare.Read: readers may follow the file; the shared lock it takes tells another process's repair that
        // this file is live (see WarcFileScanner.Repair).
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024);
        Files.Add(path);
        var fields = Encoding.UTF8.GetBytes(
            "software: OrleansCrawler\r\nformat: WARC File Format 1.1\r\nconformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"
            + $"hostname: {Environment.MachineName}\r\nisPartOf: {JobPrefix.TrimEnd('-')}\r\n");
        var info = new WarcRecordHeader("warcinfo", WarcRecordHeader.NewRecordId(), now).Add("WARC-Filename", name)
            .Add("WARC-Block-Digest", WarcDigest.Sha1(fields)).Add("Content-Type", "application/warc-fields");
        WriteMember(_file, info.ToBytes(fields.Length), fields, ExchangePayload.Empty);
        return _file;
    }

    private static void WriteMember(Stream file, ReadOnlySpan<byte> header, ReadOnlyMemory<byte> block, ExchangePayload more)
    {
        using var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
        gzip.Write(header);
        gzip.Write(block.Span);
        more.CopyTo(gzip);
        gzip.Write("\r\n\r\n"u8);
    }

    private void Recover()
    {
        Directory.CreateDirectory(_directory);
        foreach (var path in Directory.EnumerateFiles(_directory, JobPrefix + "*.warc.gz").Order(StringComparer.Ordinal))
        {
            foreach (var record in WarcFileScanner.Repair(path).Records)
            {
                if (record is { Type: "response", RecordId: { } id, TargetUri: { } uri, Date: { } date, PayloadDigest: { } digest })
                {
                    _payloads.TryAdd(digest, new Original(id, uri, date));
                }
            }
        }
    }

    private static string Safe(string part)
    {
        var chars = part.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] is not '_' and not '.')
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    /// <summary>Writes what is queued, then closes the current file.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private sealed record Original(string RecordId, string TargetUri, string Date);

    private sealed record Pending(HttpExchange Exchange, string BlockDigest, string PayloadDigest, string HeadDigest, string RequestDigest)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
