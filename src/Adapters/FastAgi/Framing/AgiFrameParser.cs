using Middleware.Adapters.FastAgi.Protocol;

namespace Middleware.Adapters.FastAgi.Framing;

/// <summary>
/// Frames what Asterisk sends on a FastAGI session (bytes in, frames out, no transport, never
/// throws): first the <c>agi_*</c> variable block ending with a blank line, then one reply per
/// command, <c>520-</c> usage blocks as one reply, and the <c>HANGUP</c> notification. res_agi
/// ends every line with "\n" alone; "\r\n" is accepted too. A line that is none of these is
/// reported with its byte offset and skipped, and the session goes on. Call <see cref="TryRead"/>
/// until it returns false, then advance the pipe to the buffer's start (consumed) and end (examined).
/// </summary>
public sealed class AgiFrameParser(int maxLineBytes = 8192, int maxVariables = 256, int maxUsageLines = 64)
{
    private readonly List<KeyValuePair<string, string>> _variables = [];
    private List<string>? _usage;
    private long _blockOffset;
    private bool _inReplies;
    private bool _skippingLine;
    private long _streamOffset;

    /// <summary>Bytes consumed from the stream so far.</summary>
    public long StreamOffset => _streamOffset;

    /// <summary>True once the variable block has been read.</summary>
    public bool SawRequest => _inReplies;

    public bool TryRead(ref ReadOnlySequence<byte> buffer, out AgiFrame frame)
    {
        Span<char> stack = stackalloc char[512];
        while (true)
        {
            var reader = new SequenceReader<byte>(buffer);
            if (!reader.TryReadTo(out ReadOnlySequence<byte> lineBytes, (byte)'\n'))
            {
                if (!_skippingLine && buffer.Length > maxLineBytes)
                {
                    // A line with no end in sight: report it once, then drop bytes up to its newline.
                    frame = AgiFrame.ForError(new AgiFramingError(_streamOffset, $"line longer than {maxLineBytes} bytes"));
                    _skippingLine = true;
                    Consume(ref buffer, buffer.Length);
                    return true;
                }

                if (_skippingLine)
                {
                    Consume(ref buffer, buffer.Length);
                }

                frame = default;
                return false;
            }

            var lineOffset = _streamOffset;
            Consume(ref buffer, reader.Consumed);
            if (_skippingLine)
            {
                _skippingLine = false;
                continue;
            }

            if (lineBytes.Length > maxLineBytes)
            {
                frame = AgiFrame.ForError(new AgiFramingError(lineOffset, $"line longer than {maxLineBytes} bytes"));
                return true;
            }

            // Decoded onto the stack: a reply line costs no string of its own (only its parts that are kept).
            var bytes = lineBytes.IsSingleSegment ? lineBytes.FirstSpan : lineBytes.ToArray();
            if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
            {
                bytes = bytes[..^1];
            }

            var chars = bytes.Length <= stack.Length ? stack : new char[bytes.Length];
            var line = chars[..Encoding.UTF8.GetChars(bytes, chars)];
            if (Line(line, lineOffset, out frame))
            {
                return true;
            }
        }
    }

    /// <summary>
    /// At the end of the stream: whatever was cut (a line, the variable block, a usage block) is
    /// reported as one error at the offset where the unfinished part began.
    /// </summary>
    public bool TryReadFinal(ref ReadOnlySequence<byte> buffer, out AgiFrame frame)
    {
        if (TryRead(ref buffer, out frame))
        {
            return true;
        }

        var partial = _skippingLine ? 0 : buffer.Length;
        var lineOffset = _streamOffset;
        Consume(ref buffer, buffer.Length);
        _skippingLine = false;
        AgiFramingError? error = null;
        if (!_inReplies && _variables.Count > 0)
        {
            error = new AgiFramingError(_blockOffset, "stream ended before the variable block's blank line");
        }
        else if (_usage is not null)
        {
            error = new AgiFramingError(_blockOffset, "stream ended inside a 520 usage block");
        }
        else if (partial > 0)
        {
            error = new AgiFramingError(lineOffset, $"stream ended inside a line ({partial} bytes)");
        }

        _variables.Clear();
        _usage = null;
        frame = error is null ? default : AgiFrame.ForError(error);
        return error is not null;
    }

    private bool Line(ReadOnlySpan<char> line, long offset, out AgiFrame frame)
    {
        frame = default;
        if (!_inReplies)
        {
            return VariableLine(line, offset, out frame);
        }

        if (_usage is not null)
        {
            if (line.StartsWith("520 ", StringComparison.Ordinal))
            {
                var usage = _usage;
                _usage = null;
                // "520 result=1 (unclosed" does not parse (found by tests/Fuzzing): an error, not a null reply.
                frame = AgiReply.Parse(line, _blockOffset, usage) is { } usageReply
                    ? AgiFrame.ForReply(usageReply)
                    : AgiFrame.ForError(new AgiFramingError(_blockOffset, $"520 usage block ends in a line that is not a reply: '{Shorten(line.ToString())}'"));
                return true;
            }

            if (_usage.Count >= maxUsageLines)
            {
                _usage = null;
                frame = AgiFrame.ForError(new AgiFramingError(_blockOffset, $"520 usage block longer than {maxUsageLines} lines"));
                return true;
            }

            _usage.Add(line.ToString());
            return false;
        }

        if (line.Length == 0)
        {
            return false; // a stray blank line carries nothing
        }

        if (line.SequenceEqual("HANGUP"))
        {
            frame = AgiFrame.ForHangup(offset);
            return true;
        }

        if (line.StartsWith("520-", StringComparison.Ordinal))
        {
            _usage = [];
            _blockOffset = offset;
            return false;
        }

        if (AgiReply.Parse(line, offset) is { } reply)
        {
            frame = AgiFrame.ForReply(reply);
            return true;
        }

        frame = AgiFrame.ForError(new AgiFramingError(offset, $"not an AGI reply: '{Shorten(line.ToString())}'"));
        return true;
    }

    private bool VariableLine(ReadOnlySpan<char> line, long offset, out AgiFrame frame)
    {
        frame = default;
        if (line.Length == 0)
        {
            if (_variables.Count == 0)
            {
                frame = AgiFrame.ForError(new AgiFramingError(offset, "blank line before any agi_ variable"));
                return true;
            }

            frame = AgiFrame.ForRequest(new AgiRequest([.. _variables]), _blockOffset);
            _variables.Clear();
            _inReplies = true;
            return true;
        }

        var colon = line.IndexOf(':');
        if (colon <= 0 || !IsVariableName(line[..colon]))
        {
            frame = AgiFrame.ForError(new AgiFramingError(offset, $"not an agi_ variable line: '{Shorten(line.ToString())}'"));
            return true;
        }

        if (_variables.Count >= maxVariables)
        {
            frame = AgiFrame.ForError(new AgiFramingError(offset, $"more than {maxVariables} variables; line skipped"));
            return true;
        }

        if (_variables.Count == 0)
        {
            _blockOffset = offset;
        }

        var value = line[(colon + 1)..];
        _variables.Add(new(line[..colon].ToString(), (value.StartsWith(" ", StringComparison.Ordinal) ? value[1..] : value).ToString()));
        return false;
    }

    private static bool IsVariableName(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    private static string Shorten(string line) => line.Length <= 60 ? line : line[..60] + "…";

    private void Consume(ref ReadOnlySequence<byte> buffer, long count)
    {
        buffer = buffer.Slice(count);
        _streamOffset += count;
    }
}
