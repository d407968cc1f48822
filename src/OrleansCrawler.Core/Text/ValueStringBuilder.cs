using System.Buffers;

namespace OrleansCrawler.Core.Text;

/// <summary>A minimal stack-first string builder: starts on a caller-provided (usually stackalloc'd) buffer and
/// spills to <see cref="ArrayPool{T}"/> only for long values, so hot paths allocate just the final string.</summary>
internal ref struct ValueStringBuilder
{
    private char[]? _rented;
    private Span<char> _chars;
    private int _length;

    public ValueStringBuilder(Span<char> initialBuffer)
    {
        _rented = null;
        _chars = initialBuffer;
        _length = 0;
    }

    public int Length
    {
        readonly get => _length;
        set => _length = value;
    }

    public readonly Span<char> RawChars => _chars;

    public readonly ReadOnlySpan<char> AsSpan() => _chars[.._length];

    public readonly ReadOnlySpan<char> AsSpan(int start) => _chars[start.._length];

    public void Append(char c)
    {
        if (_length < _chars.Length)
        {
            _chars[_length++] = c;
        }
        else
        {
            Grow(1);
            _chars[_length++] = c;
        }
    }

    public void Append(scoped ReadOnlySpan<char> value)
    {
        if (_length > _chars.Length - value.Length)
        {
            Grow(value.Length);
        }

        value.CopyTo(_chars[_length..]);
        _length += value.Length;
    }

    public override readonly string ToString() => new(_chars[.._length]);

    public void Dispose()
    {
        var toReturn = _rented;
        this = default;
        if (toReturn is not null)
        {
            ArrayPool<char>.Shared.Return(toReturn);
        }
    }

    private void Grow(int additional)
    {
        var newSize = Math.Max(_length + additional, Math.Max(_chars.Length * 2, 256));
        var next = ArrayPool<char>.Shared.Rent(newSize);
        _chars[.._length].CopyTo(next);
        var toReturn = _rented;
        _chars = next;
        _rented = next;
        if (toReturn is not null)
        {
            ArrayPool<char>.Shared.Return(toReturn);
        }
    }
}
