using System.Buffers;

namespace Middleware.Adapters.Ami.Framing;

/// <summary>
/// The rest of a message that grew past the size limit: its bytes are dropped as they arrive, up to
/// and including the blank line that ends it, so a runaway message never makes the parser hold it.
/// State carries over between reads (the blank line may be split across them).
/// </summary>
internal struct OversizedMessageSkip
{
    private bool _atLineStart;

    /// <summary>True while the dropped message's blank line has not been seen yet.</summary>
    public bool Active { get; private set; }

    /// <summary>Starts dropping; <paramref name="atLineStart"/> says whether the next byte opens a line.</summary>
    public void Begin(bool atLineStart)
    {
        Active = true;
        _atLineStart = atLineStart;
    }

    public void Cancel() => Active = false;

    /// <summary>How many bytes of <paramref name="buffer"/> belong to the dropped message; <see cref="Active"/> is false once its end is among them.</summary>
    public int Skip(in ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (true)
        {
            if (_atLineStart)
            {
                if (!reader.TryPeek(out var first))
                {
                    break;
                }

                if (first == (byte)'\n')
                {
                    reader.Advance(1);
                    Active = false;
                    break;
                }

                if (first == (byte)'\r')
                {
                    if (!reader.TryPeek(1, out var second))
                    {
                        break; // keep the '\r' until the next byte arrives
                    }

                    if (second == (byte)'\n')
                    {
                        reader.Advance(2);
                        Active = false;
                        break;
                    }
                }

                _atLineStart = false;
            }

            if (!reader.TryAdvanceTo((byte)'\n'))
            {
                reader.AdvanceToEnd();
                break;
            }

            _atLineStart = true;
        }

        return (int)reader.Consumed;
    }
}
