using System.Buffers.Binary;

namespace Middleware.Adapters.SipMirror.Hep;

/// <summary>Cuts HEP3 packets off a TCP byte stream by their length field (consumed/examined style, no transport inside).</summary>
public static class HepStreamFramer
{
    private static ReadOnlySpan<byte> Magic => "HEP3"u8;

    /// <summary>
    /// One whole packet off the front of <paramref name="buffer"/> (advanced past it), or false when
    /// more bytes are needed. Bytes that cannot start a packet are skipped and counted.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> packet, out long skipped)
    {
        packet = default;
        skipped = 0;
        while (true)
        {
            var reader = new SequenceReader<byte>(buffer);
            if (!reader.TryReadTo(out ReadOnlySequence<byte> before, Magic, advancePastDelimiter: false))
            {
                // Keep the last 3 bytes: they may be the start of "HEP3".
                var keep = Math.Min(3, buffer.Length);
                skipped += buffer.Length - keep;
                buffer = buffer.Slice(buffer.Length - keep);
                return false;
            }

            skipped += before.Length;
            buffer = buffer.Slice(before.Length);
            if (buffer.Length < 6)
            {
                return false;
            }

            Span<byte> header = stackalloc byte[6];
            buffer.Slice(0, 6).CopyTo(header);
            int length = BinaryPrimitives.ReadUInt16BigEndian(header[4..]);
            if (length < 6)
            {
                skipped += 4; // a "HEP3" that cannot be one: look for the next
                buffer = buffer.Slice(4);
                continue;
            }

            if (buffer.Length < length)
            {
                return false;
            }

            packet = buffer.Slice(0, length);
            buffer = buffer.Slice(length);
            return true;
        }
    }
}
