using Middleware.Adapters.Ami.Protocol;

namespace Middleware.Adapters.Ami.Framing;

/// <summary>
/// Frames an AMI byte stream into messages (the Kestrel HttpParser shape: bytes in, frames out,
/// no transport). Call <see cref="TryRead"/> until it returns false, then advance the pipe to the
/// returned buffer's start (consumed) and the original end (examined). State carries over between
/// calls, so a message arriving a byte at a time is scanned once, not once per read.
/// </summary>
public sealed class AmiFrameParser
{
    private const string EndCommand = "--END COMMAND--";

    private readonly int _maxMessageBytes;
    private readonly AmiKeys _keys = new();
    private readonly List<AmiField> _fields = new(32);
    private List<AmiFramingError>? _problems;
    private bool _expectBanner;
    private int _scanned;
    private Mode _mode;
    private OversizedMessageSkip _skip;
    private long _streamOffset;

    private enum Mode { Headers, FollowsHeaders, FollowsOutput, FollowsEnded }

    private enum LineResult { Continue, End, EndBeforeLine, NeedMore }

    public AmiFrameParser(AmiParserOptions? options = null)
    {
        options ??= new AmiParserOptions();
        _maxMessageBytes = options.MaxMessageBytes;
        _expectBanner = options.ExpectBanner;
    }

    /// <summary>Bytes consumed from the stream so far.</summary>
    public long StreamOffset => _streamOffset;

    public bool TryRead(ref ReadOnlySequence<byte> buffer, out AmiFrame frame)
    {
        frame = default;
        if (_skip.Active && !SkipToMessageEnd(ref buffer))
        {
            return false;
        }

        if (_expectBanner)
        {
            if (TryReadBanner(ref buffer, out frame, out var needMore))
            {
                return true;
            }

            if (needMore)
            {
                return false;
            }
        }

        var firstSpan = buffer.FirstSpan;
        while (true)
        {
            var lineStart = _scanned;
            if (!NextLine(buffer, firstSpan, out var line))
            {
                return buffer.Length > _maxMessageBytes && Oversized(ref buffer, atLineStart: false, out frame);
            }

            if (line.Length > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (line.IsEmpty && _mode == Mode.Headers && _fields.Count == 0 && _problems is null)
            {
                // A stray blank line between messages: drop it and start the message after it.
                Consume(ref buffer, _scanned);
                _scanned = 0;
                firstSpan = buffer.FirstSpan;
                continue;
            }

            var result = ProcessLine(line, lineStart, buffer);
            if (result == LineResult.NeedMore)
            {
                _scanned = lineStart;
                return false;
            }

            if (result is LineResult.End or LineResult.EndBeforeLine)
            {
                frame = Complete(ref buffer, result == LineResult.EndBeforeLine ? lineStart : _scanned);
                return true;
            }

            if (_scanned > _maxMessageBytes)
            {
                return Oversized(ref buffer, atLineStart: true, out frame);
            }
        }
    }

    /// <summary>
    /// At the end of a stream: call until it returns false. Whatever is left becomes one last
    /// message (with a problem saying the stream ended before its blank line) or one error, each at
    /// its absolute byte offset. The parser's per-message state is reset first: a <see cref="TryRead"/>
    /// that returned false left its scan position inside the buffer this consumes.
    /// </summary>
    public bool TryReadFinal(ref ReadOnlySequence<byte> buffer, out AmiFrame frame)
    {
        frame = default;
        var skipping = _skip.Active;
        ResetMessage();
        _skip.Cancel();
        _expectBanner = false;
        if (skipping || buffer.IsEmpty)
        {
            Consume(ref buffer, (int)buffer.Length);
            return false;
        }

        var offset = _streamOffset;
        var tail = buffer.ToArray();
        var rest = new ReadOnlySequence<byte>([.. tail, (byte)'\r', (byte)'\n', (byte)'\r', (byte)'\n']);
        var parser = new AmiFrameParser(new AmiParserOptions { ExpectBanner = false, MaxMessageBytes = _maxMessageBytes }) { _streamOffset = offset };
        var read = parser.TryRead(ref rest, out frame);
        var used = (int)Math.Min(parser._streamOffset - offset, tail.Length);
        if (!read || used <= 0 || parser._skip.Active)
        {
            // Nothing whole came out of the tail (or it began an oversized message): it is one error.
            Consume(ref buffer, tail.Length);
            frame = read && frame.Error is not null ? frame : AmiFrame.ForError(new AmiFramingError(offset, $"stream ended inside a message ({tail.Length} bytes)"));
            return true;
        }

        Consume(ref buffer, used);
        if (frame.Message is not { } message || parser._streamOffset - offset <= tail.Length)
        {
            return true; // an error (already at its absolute offset), or a message the tail held whole
        }

        var problems = new List<AmiFramingError>(message.Problems ?? []) { new(offset, "stream ended before the message's blank line") };
        var fields = Enumerable.Range(0, message.Count).Select(message.FieldAt).ToArray();
        frame = AmiFrame.ForMessage(new AmiMessage(tail.AsSpan(0, used).ToArray(), fields, offset, problems));
        return true;
    }

    private bool TryReadBanner(ref ReadOnlySequence<byte> buffer, out AmiFrame frame, out bool needMore)
    {
        frame = default;
        needMore = false;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySpan<byte> line, (byte)'\n'))
        {
            needMore = buffer.Length <= _maxMessageBytes;
            if (!needMore)
            {
                _expectBanner = false;
            }

            return false;
        }

        _expectBanner = false;
        var text = Encoding.UTF8.GetString(line.TrimEnd((byte)'\r'));
        if (text.Contains(": ", StringComparison.Ordinal))
        {
            return false; // no banner (a proxy, or a replayed transcript): this is already a message
        }

        Consume(ref buffer, (int)reader.Consumed);
        frame = AmiFrame.ForBanner(text);
        return true;
    }

    /// <summary>
    /// The next line of the message (without its '\n') starting at <see cref="_scanned"/>, which
    /// moves past it. Lines inside the buffer's first segment (nearly all) are found with one
    /// vectorized search; a line across segments goes through a SequenceReader.
    /// </summary>
    private bool NextLine(in ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> first, out ReadOnlySpan<byte> line)
    {
        if (_scanned < first.Length)
        {
            var rest = first[_scanned..];
            var newline = rest.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = rest[..newline];
                _scanned += newline + 1;
                return true;
            }

            if (buffer.IsSingleSegment)
            {
                line = default;
                return false;
            }
        }

        var reader = new SequenceReader<byte>(buffer);
        reader.Advance(_scanned);
        if (!reader.TryReadTo(out line, (byte)'\n'))
        {
            return false;
        }

        _scanned = (int)reader.Consumed;
        return true;
    }

    private LineResult ProcessLine(ReadOnlySpan<byte> line, int lineStart, in ReadOnlySequence<byte> buffer)
    {
        switch (_mode)
        {
            case Mode.FollowsEnded:
                return line.IsEmpty ? LineResult.End : LineResult.EndBeforeLine;

            case Mode.FollowsOutput:
                return ProcessOutputLine(line, lineStart, buffer);

            case Mode.FollowsHeaders:
                var colon = line.IndexOf((byte)':');
                if (colon > 0 && IsFollowsHeader(line[..colon]))
                {
                    AddField(line, lineStart, colon);
                    return LineResult.Continue;
                }

                _mode = Mode.FollowsOutput;
                return ProcessOutputLine(line, lineStart, buffer);

            default:
                if (line.IsEmpty)
                {
                    return LineResult.End;
                }

                var separator = line.IndexOf((byte)':');
                if (separator <= 0)
                {
                    (_problems ??= []).Add(new AmiFramingError(_streamOffset + lineStart, $"line without 'Key: Value' ({line.Length} bytes) skipped"));
                    return LineResult.Continue;
                }

                AddField(line, lineStart, separator);
                if (_fields.Count == 1 && _fields[0].Key == "Response" && line[(separator + 1)..].Trim((byte)' ').SequenceEqual("Follows"u8))
                {
                    _mode = Mode.FollowsHeaders; // pre-14 Command output: raw lines until --END COMMAND--
                }

                return LineResult.Continue;
        }
    }

    private LineResult ProcessOutputLine(ReadOnlySpan<byte> line, int lineStart, in ReadOnlySequence<byte> buffer)
    {
        if (line.EndsWith("--END COMMAND--"u8))
        {
            var output = line[..^EndCommand.Length];
            if (!output.IsEmpty)
            {
                _fields.Add(new AmiField("Output", lineStart, output.TrimEnd((byte)'\n').Length));
            }

            _mode = Mode.FollowsEnded;
            return LineResult.Continue;
        }

        if (line.IsEmpty)
        {
            // Without --END COMMAND-- (some versions), a blank line ends the output when what follows
            // is another message; otherwise it is a blank line of the output.
            var after = new SequenceReader<byte>(buffer);
            after.Advance(_scanned);
            if (!after.TryReadTo(out ReadOnlySpan<byte> next, (byte)'\n'))
            {
                return LineResult.NeedMore;
            }

            next = next.TrimEnd((byte)'\r');
            if (next.IsEmpty || next.StartsWith("Event:"u8) || next.StartsWith("Response:"u8))
            {
                return LineResult.End;
            }
        }

        _fields.Add(new AmiField("Output", lineStart, line.Length));
        return LineResult.Continue;
    }

    private static bool IsFollowsHeader(ReadOnlySpan<byte> key) =>
        key.SequenceEqual("Privilege"u8) || key.SequenceEqual("ActionID"u8) || key.SequenceEqual("Message"u8);

    private void AddField(ReadOnlySpan<byte> line, int lineStart, int colon)
    {
        var key = _keys.Intern(line[..colon].Trim((byte)' '));
        var valueStart = colon + 1;
        while (valueStart < line.Length && line[valueStart] is (byte)' ' or (byte)'\t')
        {
            valueStart++;
        }

        _fields.Add(new AmiField(key, lineStart + valueStart, line.Length - valueStart));
    }

    private AmiFrame Complete(ref ReadOnlySequence<byte> buffer, int length)
    {
        var offset = _streamOffset;
        if (_fields.Count == 0)
        {
            var garbage = new AmiFramingError(offset, $"{length} bytes with no 'Key: Value' line skipped");
            Consume(ref buffer, length);
            ResetMessage();
            return AmiFrame.ForError(garbage);
        }

        var raw = new byte[length];
        buffer.Slice(0, length).CopyTo(raw);
        var message = new AmiMessage(raw, [.. _fields], offset, _problems);
        Consume(ref buffer, length);
        ResetMessage();
        return AmiFrame.ForMessage(message);
    }

    private bool Oversized(ref ReadOnlySequence<byte> buffer, bool atLineStart, out AmiFrame frame)
    {
        frame = AmiFrame.ForError(new AmiFramingError(_streamOffset, $"message longer than {_maxMessageBytes} bytes without ending; skipped to its end"));
        var consumed = atLineStart ? _scanned : (int)buffer.Length;
        Consume(ref buffer, consumed);
        ResetMessage();
        _skip.Begin(atLineStart);
        return true;
    }

    private bool SkipToMessageEnd(ref ReadOnlySequence<byte> buffer)
    {
        Consume(ref buffer, _skip.Skip(buffer));
        return !_skip.Active;
    }

    private void Consume(ref ReadOnlySequence<byte> buffer, int count)
    {
        buffer = buffer.Slice(count);
        _streamOffset += count;
    }

    private void ResetMessage()
    {
        _fields.Clear();
        _problems = null;
        _scanned = 0;
        _mode = Mode.Headers;
    }
}
