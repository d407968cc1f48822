using System.Text;

namespace OrleansCrawler.TestSite.Rendering;

/// <summary>An append-only ASCII/UTF-8 byte buffer, reused across requests through a pool.</summary>
internal sealed class ByteBuilder(int capacity = 64 * 1024)
{
    private byte[] _buffer = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, Length);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>Appends text that is known to be ASCII (everything the web writes is).</summary>
    public void Append(ReadOnlySpan<char> ascii)
    {
        Ensure(ascii.Length);
        var status = Ascii.FromUtf16(ascii, _buffer.AsSpan(Length), out int written);
        if (status != System.Buffers.OperationStatus.Done)
        {
            throw new InvalidOperationException("Non-ASCII text in a generated page.");
        }

        Length += written;
    }

    public void Append(string ascii) => Append(ascii.AsSpan());

    public void Append(char c)
    {
        Ensure(1);
        _buffer[Length++] = (byte)c;
    }

    public void Append(int value)
    {
        Ensure(11);
        value.TryFormat(_buffer.AsSpan(Length), out int written, default, System.Globalization.CultureInfo.InvariantCulture);
        Length += written;
    }

    private void Ensure(int extra)
    {
        if (Length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + extra));
        }
    }
}
