using System.Buffers;
using System.IO.Compression;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Infrastructure.Http;

/// <summary>Reads a response body into a pooled buffer under the fetcher's limits: decompresses gzip, deflate and
/// brotli itself (so the size limit bounds the decompressed bytes, and a gzip bomb is cut off at the limit without
/// being inflated further), bounds the compressed bytes by the same limit, and abandons a body that arrives slower
/// than the floor over a window or stalls for a whole window. The caller returns <see cref="Body.Buffer"/> to the pool.</summary>
internal static class BodyReader
{
    /// <param name="Raw">With capture on and a content coding: the bytes as received, recorded as they arrived (the
    /// caller disposes it). Without a content coding they are the decoded bytes themselves, so they are never held twice.</param>
    public readonly record struct Body(byte[] Buffer, int Length, string? Error, PayloadRecording? Raw = null)
    {
        public ExchangePayload Payload => Raw ?? ExchangePayload.FromMemory(Buffer.AsMemory(0, Length));
    }

    public static async Task<Body> ReadAsync(HttpContent content, FetcherOptions options, int limit, TimeProvider time, CancellationToken total,
        CancellationToken cancellationToken, bool capture = false)
    {
        var declared = content.Headers.ContentLength;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(declared ?? 16 * 1024, 4096, limit + 1L));
        var length = 0;
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(total, cancellationToken);
        var raw = new CountingStream(await content.ReadAsStreamAsync(stall.Token).ConfigureAwait(false));
        if (capture && content.Headers.ContentEncoding.Any(e => e.Trim() is not ("identity" or "")))
        {
            raw.Capture = new PayloadRecording(options.ArchiveMemoryBytes, options.SpoolDirectory ?? Path.GetTempPath());
        }

        try
        {
            await using var stream = Decoder(content.Headers.ContentEncoding, raw, out var unsupported);
            if (unsupported is not null)
            {
                return new Body(buffer, 0, $"decoding: unsupported Content-Encoding '{unsupported}'", raw.Capture);
            }

            var floor = options.SlowBodyMinBytesPerSecond;
            var window = options.SlowBodyWindow;
            var windowStart = time.GetTimestamp();
            var windowBytes = 0L;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1L));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                int read;
                var before = raw.Count;
                if (floor > 0)
                {
                    stall.CancelAfter(window);
                }

                try
                {
                    read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, limit + 1) - length), stall.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!total.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    return new Body(buffer, length, $"slow-body: no data for {window.TotalSeconds:0.###} s", raw.Capture);
                }

                if (read == 0)
                {
                    return new Body(buffer, length, null, raw.Capture);
                }

                length += read;
                if (length > limit || raw.Count > limit)
                {
                    return new Body(buffer, Math.Min(length, limit), $"too-large: body exceeds {limit} bytes", raw.Capture);
                }

                windowBytes += raw.Count - before;
                var elapsed = time.GetElapsedTime(windowStart);
                if (floor > 0 && elapsed >= window)
                {
                    var rate = windowBytes / elapsed.TotalSeconds;
                    if (rate < floor)
                    {
                        return new Body(buffer, length, $"slow-body: {rate:0} bytes/s over {elapsed.TotalSeconds:0.#} s, below {floor} bytes/s", raw.Capture);
                    }

                    windowStart = time.GetTimestamp();
                    windowBytes = 0;
                }
            }
        }
        catch
        {
            // The recording may hold an open spool file: closed now, not whenever the finalizer runs.
            raw.Capture?.Dispose();
            throw;
        }
    }

    private static Stream Decoder(ICollection<string> encodings, Stream raw, out string? unsupported)
    {
        unsupported = null;
        var stream = raw;
        foreach (var encoding in encodings.Reverse())
        {
            switch (encoding.Trim().ToLowerInvariant())
            {
                case "gzip" or "x-gzip": stream = new GZipStream(stream, CompressionMode.Decompress); break;
                case "deflate": stream = new ZLibStream(stream, CompressionMode.Decompress); break;
                case "br": stream = new BrotliStream(stream, CompressionMode.Decompress); break;
                case "identity" or "": break;
                default: unsupported = encoding; return raw;
            }
        }

        return stream;
    }

    /// <summary>Counts the bytes read through it (the compressed size on the wire).</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Count { get; private set; }

        /// <summary>When set, every byte read is recorded here too, as it arrives.</summary>
        public PayloadRecording? Capture { get; set; }

        private void Keep(ReadOnlySpan<byte> read) => Capture?.Append(read);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            Keep(buffer.AsSpan(offset, n));
            Count += n;
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            Keep(buffer.Span[..n]);
            Count += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
