using System.Runtime.CompilerServices;
using OrleansCrawler.Core.Ports;

namespace OrleansCrawler.Infrastructure.Http;

/// <summary>A connection's stream that marks the <see cref="RequestSent"/> of the fetch writing to it, on its first
/// write, and tells a recording fetch which address its request went to; everything else passes through. Hand-written:
/// the BCL has no public delegating stream.</summary>
/// <param name="peer">The remote address, on the connection's own stream (under TLS, when there is one).</param>
/// <param name="marksSent">False on the connection's own stream, whose first write may be a TLS handshake.</param>
internal sealed class SendMarkingStream(Stream inner, string? peer = null, bool marksSent = true) : Stream
{
    /// <summary>A recording fetch in this async flow, waiting to learn the address of the connection its request is written to.</summary>
    internal static readonly AsyncLocal<StrongBox<string?>?> Peer = new();

    /// <summary>The fetch in this async flow that waits to learn when its request went out.</summary>
    internal static readonly AsyncLocal<RequestSent?> Pending = new();

    public override bool CanRead => inner.CanRead;
    public override bool CanWrite => inner.CanWrite;
    public override bool CanSeek => false;
    public override bool CanTimeout => inner.CanTimeout;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int ReadTimeout
    {
        get => inner.ReadTimeout;
        set => inner.ReadTimeout = value;
    }

    public override int WriteTimeout
    {
        get => inner.WriteTimeout;
        set => inner.WriteTimeout = value;
    }

    private void Mark()
    {
        if (marksSent)
        {
            Pending.Value?.MarkNow();
        }

        if (peer is not null && Peer.Value is { } box)
        {
            box.Value = peer;
        }
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Write(buffer, offset, count);
        Mark();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        Mark();
    }

    public override void WriteByte(byte value)
    {
        inner.WriteByte(value);
        Mark();
    }

    public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        await inner.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false);
        Mark();
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var write = inner.WriteAsync(buffer, cancellationToken);
        if (write.IsCompletedSuccessfully)
        {
            Mark();
            return write;
        }

        return Awaited(write);

        async ValueTask Awaited(ValueTask write)
        {
            await write.ConfigureAwait(false);
            Mark();
        }
    }

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override int Read(Span<byte> buffer) => inner.Read(buffer);
    public override int ReadByte() => inner.ReadByte();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();
}
