namespace OrleansCrawler.Core.Ports;

/// <summary>The body of one exchange as it was received, for an archive. Either bytes in memory (the fetcher's own
/// buffer, for a body without a content coding: the bytes parsed are the bytes archived) or a recording made as the
/// bytes arrived (a content-coded body: its first bytes in memory, the rest spooled to disk), so that an archived body
/// is never held in memory twice. Valid only until the recorder's call it was passed to completes.</summary>
public abstract class ExchangePayload
{
    public static readonly ExchangePayload Empty = new MemoryPayload(ReadOnlyMemory<byte>.Empty);

    /// <summary>The number of bytes.</summary>
    public abstract long Length { get; }

    /// <summary>Writes every byte to <paramref name="destination"/>, in order. May be called more than once.</summary>
    public abstract void CopyTo(Stream destination);

    /// <summary>Every byte, in a new array (for tests and small bodies).</summary>
    public byte[] ToArray()
    {
        using var copy = new MemoryStream((int)Math.Min(Length, int.MaxValue));
        CopyTo(copy);
        return copy.ToArray();
    }

    public static ExchangePayload FromMemory(ReadOnlyMemory<byte> bytes) => bytes.IsEmpty ? Empty : new MemoryPayload(bytes);

    public static implicit operator ExchangePayload(ReadOnlyMemory<byte> bytes) => FromMemory(bytes);

    public static implicit operator ExchangePayload(byte[] bytes) => FromMemory(bytes);

    private sealed class MemoryPayload(ReadOnlyMemory<byte> bytes) : ExchangePayload
    {
        public override long Length => bytes.Length;

        public override void CopyTo(Stream destination) => destination.Write(bytes.Span);
    }
}
