namespace Middleware.Adapters.Stomp.Framing;

/// <summary>Serializes frames: escaped headers, content-length on every body, NUL terminator.</summary>
public static class StompFrameWriter
{
    public static void Write(IBufferWriter<byte> output, string command, IEnumerable<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> body)
    {
        var escape = command is not ("CONNECT" or "CONNECTED" or "STOMP");
        Encoding.UTF8.GetBytes(command, output);
        output.Write("\n"u8);
        foreach (var (name, value) in headers)
        {
            if (!escape && (name.AsSpan().IndexOfAny('\n', '\r', ':') >= 0 || value.AsSpan().IndexOfAny('\n', '\r') >= 0))
            {
                throw new ArgumentException($"CONNECT headers cannot carry line breaks or ':' in names ({name})");
            }

            Encoding.UTF8.GetBytes(escape ? StompEscaping.Escape(name) : name, output);
            output.Write(":"u8);
            Encoding.UTF8.GetBytes(escape ? StompEscaping.Escape(value) : value, output);
            output.Write("\n"u8);
        }

        if (!body.IsEmpty || command is "SEND" or "MESSAGE")
        {
            output.Write("content-length:"u8);
            Encoding.UTF8.GetBytes(body.Length.ToString(CultureInfo.InvariantCulture), output);
            output.Write("\n"u8);
        }

        output.Write("\n"u8);
        output.Write(body);
        output.Write("\0"u8);
    }
}
