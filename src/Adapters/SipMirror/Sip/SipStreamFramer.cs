namespace Middleware.Adapters.SipMirror.Sip;

/// <summary>
/// Cuts SIP messages off a byte stream (SIP over TCP, RFC 3261 §18.3): the headers end at the
/// first empty line and Content-Length (mandatory on streams; absent means 0) says where the body
/// ends. Several messages per read and a message across reads both work; CRLF keep-alives between
/// messages are skipped. No transport inside: bytes in, messages out.
/// </summary>
public static class SipStreamFramer
{
    private const int MaxHeaderBytes = 64 * 1024;

    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> message, out string? error)
    {
        message = default;
        error = null;
        var reader = new SequenceReader<byte>(buffer);
        reader.AdvancePastAny((byte)'\r', (byte)'\n');
        buffer = buffer.Slice(reader.Position);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> head, "\r\n\r\n"u8, advancePastDelimiter: true))
        {
            if (buffer.Length > MaxHeaderBytes)
            {
                error = $"no end of headers within {MaxHeaderBytes} bytes";
                buffer = buffer.Slice(buffer.End);
            }

            return false;
        }

        var headerBytes = head.Length + 4;
        var contentLength = ContentLength(head, out error);
        if (error is not null)
        {
            buffer = buffer.Slice(headerBytes); // skip the broken message's headers; what follows may be whole
            return false;
        }

        if (buffer.Length < headerBytes + contentLength)
        {
            return false;
        }

        message = buffer.Slice(0, headerBytes + contentLength);
        buffer = buffer.Slice(message.End);
        return true;
    }

    private static int ContentLength(ReadOnlySequence<byte> head, out string? error)
    {
        error = null;
        var text = Encoding.UTF8.GetString(head.IsSingleSegment ? head.FirstSpan : head.ToArray());
        foreach (var line in text.Split("\r\n"))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line.AsSpan(0, colon).Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("l", StringComparison.OrdinalIgnoreCase))
            {
                if (int.TryParse(line.AsSpan(colon + 1).Trim(), System.Globalization.NumberStyles.None, null, out var length) && length <= 16 * 1024 * 1024)
                {
                    return length;
                }

                error = $"bad Content-Length '{line[(colon + 1)..].Trim()}' on a stream";
                return 0;
            }
        }

        return 0;
    }
}
