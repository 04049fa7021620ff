namespace Middleware.Adapters.Stomp.Framing;

/// <summary>
/// Frames a STOMP 1.2 byte stream (pure: bytes in, frames out). EOLs between frames are
/// heart-beats. A body ends at the NUL after content-length bytes, or at the first NUL without it,
/// so binary bodies are safe when content-length is sent.
/// </summary>
public sealed class StompFrameParser(int maxFrameBytes = 16 * 1024 * 1024)
{
    /// <summary>Heart-beats (bare EOLs) seen so far.</summary>
    public long HeartBeats { get; private set; }

    /// <summary>Reads one frame, or returns false when the buffer holds no complete frame yet.</summary>
    /// <exception cref="StompProtocolException">The bytes cannot be a STOMP frame.</exception>
    public bool TryRead(ref ReadOnlySequence<byte> buffer, out StompFrame frame)
    {
        frame = null!;
        var reader = new SequenceReader<byte>(buffer);

        // Heart-beats: bare EOLs between frames.
        while (reader.TryPeek(out var b) && (b == (byte)'\n' || b == (byte)'\r'))
        {
            if (b == (byte)'\r')
            {
                if (!reader.TryPeek(1, out var next))
                {
                    buffer = buffer.Slice(reader.Position);
                    return false;
                }

                if (next != (byte)'\n')
                {
                    throw new StompProtocolException("bare CR between frames");
                }

                reader.Advance(1);
            }

            reader.Advance(1);
            HeartBeats++;
        }

        buffer = buffer.Slice(reader.Position);
        reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> commandLine, (byte)'\n'))
        {
            Guard(buffer.Length);
            return false;
        }

        var command = Line(commandLine);
        var headers = new List<KeyValuePair<string, string>>();
        int? contentLength = null;
        var escaped = command is not ("CONNECT" or "CONNECTED");
        while (true)
        {
            if (!reader.TryReadTo(out ReadOnlySequence<byte> headerLine, (byte)'\n'))
            {
                Guard(buffer.Length);
                return false;
            }

            var text = Line(headerLine);
            if (text.Length == 0)
            {
                break;
            }

            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new StompProtocolException($"header without ':' in {command}");
            }

            var name = escaped ? StompEscaping.Unescape(text[..colon]) : text[..colon];
            var value = escaped ? StompEscaping.Unescape(text[(colon + 1)..]) : text[(colon + 1)..];
            if (name is null || value is null)
            {
                throw new StompProtocolException($"undefined escape in a header of {command}");
            }

            headers.Add(new(name, value));
            if (name == "content-length" && contentLength is null)
            {
                contentLength = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length >= 0
                    ? length
                    : throw new StompProtocolException($"bad content-length '{value}'");
            }
        }

        ReadOnlySequence<byte> body;
        if (contentLength is { } n)
        {
            if (reader.Remaining < (long)n + 1) // long: a content-length of int.MaxValue must not wrap
            {
                Guard(buffer.Length);
                return false;
            }

            body = reader.UnreadSequence.Slice(0, n);
            reader.Advance(n);
            if (!reader.TryRead(out var nul) || nul != 0)
            {
                throw new StompProtocolException($"{command} body is not followed by NUL at content-length {n}");
            }
        }
        else if (!reader.TryReadTo(out body, (byte)0))
        {
            Guard(buffer.Length);
            return false;
        }

        frame = new StompFrame(command, headers, body.ToArray());
        buffer = buffer.Slice(reader.Position);
        return true;
    }

    private void Guard(long length)
    {
        if (length > maxFrameBytes)
        {
            throw new StompProtocolException($"frame larger than {maxFrameBytes} bytes");
        }
    }

    private static string Line(ReadOnlySequence<byte> line)
    {
        var text = Encoding.UTF8.GetString(line);
        return text.EndsWith('\r') ? text[..^1] : text;
    }
}

/// <summary>The peer sent bytes that are not STOMP; the connection cannot continue.</summary>
public sealed class StompProtocolException(string message) : Exception(message);
