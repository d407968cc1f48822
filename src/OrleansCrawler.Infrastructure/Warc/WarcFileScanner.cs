using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace OrleansCrawler.Infrastructure.Warc;

/// <summary>Reads a <c>.warc.gz</c> written one gzip member per record, member by member, and finds where the last
/// complete one ends. A member is complete when it inflates and its trailer's CRC-32 and size match what came out, so
/// a record torn by a crash (a process killed mid-write) is told apart from a whole one without trusting the inflater
/// to report truncation. Members start at a gzip magic (1f 8b 08); one inside compressed data is a false start that
/// simply fails the check and is skipped. Hand-written: no .NET library exposes gzip member boundaries.</summary>
public static class WarcFileScanner
{
    /// <summary>One complete record: its WARC type, id, target, date and payload digest (null where absent).</summary>
    public sealed record Entry(string? Type, string? RecordId, string? TargetUri, string? Date, string? PayloadDigest, long Offset);

    /// <summary>The complete records of a file and where they end (<see cref="ValidLength"/> &lt; the file's length: a torn tail).</summary>
    public sealed record Result(IReadOnlyList<Entry> Records, long ValidLength, long FileLength)
    {
        public bool IsTorn => ValidLength < FileLength;
    }

    public static Result Scan(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return Scan(file);
    }

    /// <summary>Cuts a torn tail off <paramref name="path"/>, unless another process holds the file open for writing (a
    /// live writer: its tail is not torn, only not yet written); then the file is only scanned.</summary>
    public static Result Repair(string path)
    {
        FileStream file;
        try
        {
            // FileShare.None takes an exclusive advisory lock, which a live writer's shared lock refuses.
            file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return Scan(path);
        }

        using (file)
        {
            var result = Scan(file);
            if (result.IsTorn)
            {
                file.SetLength(result.ValidLength);
                file.Flush(flushToDisk: true);
            }

            return result;
        }
    }

    public static Result Scan(Stream file)
    {
        var length = file.Length;
        var starts = FindMagic(file);
        starts.Add(length);
        var records = new List<Entry>();
        long good = 0;
        foreach (var end in starts)
        {
            if (end > good && TryMember(file, good, end) is { } entry)
            {
                records.Add(entry);
                good = end;
            }
        }

        return new Result(records, good, length);
    }

    private static List<long> FindMagic(Stream file)
    {
        var starts = new List<long>();
        var buffer = new byte[64 * 1024];
        file.Position = 0;
        long offset = 0;
        int kept = 0;
        while (true)
        {
            var read = file.Read(buffer, kept, buffer.Length - kept);
            if (read == 0)
            {
                return starts;
            }

            var count = kept + read;
            for (var i = 0; i + 2 < count; i++)
            {
                if (buffer[i] == 0x1f && buffer[i + 1] == 0x8b && buffer[i + 2] == 0x08 && offset + i > 0)
                {
                    starts.Add(offset + i);
                }
            }

            // Keep the last two bytes: a magic may straddle two reads.
            kept = Math.Min(2, count);
            buffer.AsSpan(count - kept, kept).CopyTo(buffer);
            offset += count - kept;
        }
    }

    private static Entry? TryMember(Stream file, long start, long end)
    {
        if (end - start < 18)
        {
            return null;
        }

        Span<byte> trailer = stackalloc byte[8];
        file.Position = end - 8;
        file.ReadExactly(trailer);
        var crcExpected = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        var sizeExpected = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        file.Position = start;
        var crc = new Crc32();
        long total = 0;
        var head = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            using var gzip = new GZipStream(new BoundedStream(file, end - start), CompressionMode.Decompress);
            int read;
            while ((read = gzip.Read(buffer)) > 0)
            {
                crc.Append(buffer.AsSpan(0, read));
                if (head.Length < 16 * 1024)
                {
                    head.Write(buffer, 0, (int)Math.Min(read, (16 * 1024) - head.Length));
                }

                total += read;
            }
        }
        catch (InvalidDataException)
        {
            return null;
        }

        return crc.GetCurrentHashAsUInt32() == crcExpected && (uint)total == sizeExpected ? Parse(head.ToArray(), start) : null;
    }

    private static Entry? Parse(byte[] head, long offset)
    {
        var text = Encoding.UTF8.GetString(head);
        if (!text.StartsWith("WARC/", StringComparison.Ordinal))
        {
            return null;
        }

        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in text[..(end < 0 ? text.Length : end)].Split("\r\n").Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                fields.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
            }
        }

        return new Entry(fields.GetValueOrDefault("WARC-Type"), fields.GetValueOrDefault("WARC-Record-ID"), fields.GetValueOrDefault("WARC-Target-URI"),
            fields.GetValueOrDefault("WARC-Date"), fields.GetValueOrDefault("WARC-Payload-Digest"), offset);
    }

    /// <summary>The next <c>length</c> bytes of a stream, read-only; the inner stream stays open.</summary>
    private sealed class BoundedStream(Stream inner, long length) : Stream
    {
        private long _left = length;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_left <= 0)
            {
                return 0;
            }

            var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
            _left -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
