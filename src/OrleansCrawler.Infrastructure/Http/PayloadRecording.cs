using System.Buffers;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Infrastructure.Http;

/// <summary>A content-coded body's bytes as received, recorded as they arrive for the archive (what Heritrix's
/// recording input stream does): the first <c>memoryBytes</c> in a pooled buffer, the rest appended to a temporary file
/// that is unlinked as soon as it is opened, so nothing is left behind even if the process is killed. The decoded
/// bytes the parser reads are then the fetch's only large in-memory copy of the body. The archive reads the recording
/// back (<see cref="CopyTo"/>) when it writes the record: a WARC record's header carries the length and digests of
/// its block, so it can only be written once the whole body is known.</summary>
internal sealed class PayloadRecording(int memoryBytes, string spoolDirectory) : ExchangePayload, IDisposable
{
    private byte[]? _memory;
    private int _memoryLength;
    private FileStream? _spool;
    private long _length;

    public override long Length => _length;

    /// <summary>Whether the body outgrew the memory part (its tail is on disk).</summary>
    public bool Spilled => _spool is not null;

    /// <summary>Bytes held in memory (at most <c>memoryBytes</c>).</summary>
    public int MemoryLength => _memoryLength;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        _length += bytes.Length;
        if (_spool is null)
        {
            var take = Math.Min(memoryBytes - _memoryLength, bytes.Length);
            if (take > 0)
            {
                Reserve(_memoryLength + take);
                bytes[..take].CopyTo(_memory.AsSpan(_memoryLength));
                _memoryLength += take;
                bytes = bytes[take..];
            }

            if (bytes.IsEmpty)
            {
                return;
            }

            _spool = OpenSpool();
        }

        _spool.Write(bytes);
    }

    public override void CopyTo(Stream destination)
    {
        destination.Write(_memory.AsSpan(0, _memoryLength));
        if (_spool is null)
        {
            return;
        }

        _spool.Flush();
        var end = _spool.Position;
        _spool.Position = 0;
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while (_spool.Position < end && (read = _spool.Read(chunk, 0, (int)Math.Min(chunk.Length, end - _spool.Position))) > 0)
            {
                destination.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
            _spool.Position = end;
        }
    }

    public void Dispose()
    {
        if (_memory is not null)
        {
            ArrayPool<byte>.Shared.Return(_memory);
            _memory = null;
        }

        _spool?.Dispose();
        _spool = null;
    }

    private void Reserve(int needed)
    {
        if (_memory is not null && needed <= _memory.Length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(memoryBytes, Math.Max(needed, Math.Max(8 * 1024, (_memory?.Length ?? 0) * 2))));
        if (_memory is not null)
        {
            _memory.AsSpan(0, _memoryLength).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_memory);
        }

        _memory = bigger;
    }

    private FileStream OpenSpool()
    {
        var path = Path.Combine(spoolDirectory, $"ocrawl-body-{Guid.NewGuid():N}.tmp");
        FileStream spool;
        try
        {
            spool = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The crawler's own failure, not the server's: past the fetcher's IOException handling (which would store
            // it as a failed page), so the URL is put back and tried again, as when the archive itself fails.
            throw new InvalidOperationException($"archive: cannot spool a body to {spoolDirectory}: {ex.Message}", ex);
        }

        try
        {
            // Unlinked at once where the system allows an open file to be (Linux): the bytes live until the handle is
            // closed and a killed process leaves no file. Elsewhere DeleteOnClose removes it.
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return spool;
    }
}
