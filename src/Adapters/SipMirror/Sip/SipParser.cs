namespace Middleware.Adapters.SipMirror.Sip;

/// <summary>
/// Parses one SIP message from a datagram (or a message framed off a stream): start line, header
/// positions, CSeq and Content-Length, and the checks every message must pass (required and
/// single-valued headers, CSeq method). Deeper grammar is <see cref="SipValidator"/>'s job. Never
/// throws on bad input: the error says what is wrong and where.
/// </summary>
public static class SipParser
{
    private const int MaxHeaders = 256;
    private const uint MaxCSeq = int.MaxValue; // RFC 3261 §8.1.1.5: less than 2**31

    [ThreadStatic]
    private static SipHeaderField[]? t_scratch;

    public static SipMessage? Parse(ReadOnlyMemory<byte> raw, out SipParseError? error)
    {
        try
        {
            return ParseCore(raw, out error);
        }
        catch (Exception ex) when (ex is ArgumentException or IndexOutOfRangeException or DecoderFallbackException)
        {
            // A defect, not input's fault; still never let it escape into the capture loop.
            error = SipParseError.Quoting("parser fault", $"parser fault: {ex.Message}", 0);
            return null;
        }
    }

    private static SipMessage? ParseCore(ReadOnlyMemory<byte> raw, out SipParseError? error)
    {
        var span = raw.Span;
        var pos = 0;
        while (pos < span.Length && span[pos] is (byte)'\r' or (byte)'\n')
        {
            pos++;
        }

        if (pos == span.Length)
        {
            return Fail(out error, "no message (empty or only line breaks)", pos);
        }

        var lineLength = span[pos..].IndexOf((byte)'\n');
        if (lineLength < 0)
        {
            return Fail(out error, "start line is not terminated", span.Length);
        }

        var line = TrimCr(span.Slice(pos, lineLength));
        var start = SipStartLine.Parse(line, pos, out error);
        if (error is not null)
        {
            return null;
        }

        pos += lineLength + 1;
        var fields = t_scratch ??= new SipHeaderField[64];
        var count = 0;
        var bodyStart = -1;
        while (pos < span.Length)
        {
            var nl = span[pos..].IndexOf((byte)'\n');
            if (nl < 0)
            {
                return Fail(out error, "headers are not terminated by an empty line", span.Length);
            }

            var content = TrimCr(span.Slice(pos, nl));
            if (content.IsEmpty)
            {
                bodyStart = pos + nl + 1;
                break;
            }

            if (SipGrammar.IsWhitespace(content[0]))
            {
                if (count == 0)
                {
                    return Fail(out error, "continuation line before any header", pos);
                }

                ref var last = ref fields[count - 1];
                var end = pos + TrimEndLength(content);
                last = last with { ValueLength = end - last.ValueStart, Folded = true };
            }
            else
            {
                var colon = content.IndexOf((byte)':');
                if (colon < 0)
                {
                    return Fail(out error, SipParseError.Quoting("header line without ':'", $"header line without ':' ('{Printable(content)}')", pos));
                }

                var name = content[..colon].TrimEnd(" \t"u8);
                if (!SipGrammar.IsToken(name))
                {
                    return Fail(out error, SipParseError.Quoting("malformed header name", $"malformed header name '{Printable(name)}'", pos));
                }

                var valueStart = colon + 1;
                while (valueStart < content.Length && SipGrammar.IsWhitespace(content[valueStart]))
                {
                    valueStart++;
                }

                if (count == MaxHeaders)
                {
                    return Fail(out error, $"more than {MaxHeaders} headers", pos);
                }

                if (count == fields.Length)
                {
                    Array.Resize(ref t_scratch, fields.Length * 2);
                    fields = t_scratch!;
                }

                var valueEnd = TrimEndLength(content);
                fields[count++] = new SipHeaderField(pos, name.Length, pos + valueStart, Math.Max(0, valueEnd - valueStart), SipHeaderNames.Identify(name), false);
            }

            pos += nl + 1;
        }

        if (bodyStart < 0)
        {
            return Fail(out error, "headers are not terminated by an empty line", span.Length);
        }

        var headers = fields.AsSpan(0, count).ToArray();
        return Complete(raw, start, headers, bodyStart, out error);
    }

    private static SipMessage? Complete(ReadOnlyMemory<byte> raw, SipStartLine start, SipHeaderField[] headers, int bodyStart, out SipParseError? error)
    {
        var span = raw.Span;
        Span<int> counts = stackalloc int[32];
        int callId = -1, cseqAt = -1, lengthAt = -1;
        for (var i = 0; i < headers.Length; i++)
        {
            var id = headers[i].Id;
            counts[(int)id]++;
            if (id == SipHeaderId.CSeq)
            {
                cseqAt = i;
            }
            else if (id == SipHeaderId.ContentLength)
            {
                lengthAt = i;
            }
            else if (id == SipHeaderId.CallId)
            {
                callId = i;
            }
        }

        if (counts[(int)SipHeaderId.CallId] == 0 || counts[(int)SipHeaderId.CSeq] == 0 || counts[(int)SipHeaderId.From] == 0
            || counts[(int)SipHeaderId.To] == 0 || counts[(int)SipHeaderId.Via] == 0)
        {
            var missing = new List<string?>();
            foreach (var required in Required)
            {
                if (counts[(int)required] == 0)
                {
                    missing.Add(SipHeaderNames.Canonical(required));
                }
            }

            return Fail(out error, SipParseError.Quoting("missing required header(s)", $"missing required header(s): {string.Join(", ", missing)}", bodyStart));
        }

        foreach (var single in SingleValued)
        {
            if (counts[(int)single] > 1)
            {
                return Fail(out error, SipParseError.Quoting("single-valued header repeated", $"header {SipHeaderNames.Canonical(single)} appears {counts[(int)single]} times; it takes one value", bodyStart));
            }
        }

        if (headers[callId].ValueLength == 0)
        {
            return Fail(out error, "empty Call-ID", headers[callId].ValueStart);
        }

        var cseqField = headers[cseqAt];
        if (!TryParseCSeq(span.Slice(cseqField.ValueStart, cseqField.ValueLength), out var cseq, out var cseqProblem))
        {
            return Fail(out error, cseqProblem! with { Offset = cseqField.ValueStart });
        }

        if (start.Method is { } method && !string.Equals(method, cseq.Method, StringComparison.Ordinal))
        {
            return Fail(out error, SipParseError.Quoting("CSeq method does not match the request method", $"CSeq method {cseq.Method} does not match the request method {method}", cseqField.ValueStart));
        }

        var available = span.Length - bodyStart;
        var bodyLength = available;
        if (lengthAt >= 0)
        {
            var field = headers[lengthAt];
            var text = span.Slice(field.ValueStart, field.ValueLength).Trim(" \t\r\n"u8);
            if (text.Length > 0 && text[0] == (byte)'-')
            {
                return Fail(out error, "negative Content-Length", field.ValueStart);
            }

            if (text.IsEmpty || text.Length > 9 || text.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
            {
                return Fail(out error, SipParseError.Quoting("malformed Content-Length", $"malformed Content-Length '{Printable(text)}'", field.ValueStart));
            }

            bodyLength = int.Parse(text);
            if (bodyLength > available)
            {
                return Fail(out error, SipParseError.Quoting("Content-Length larger than the body", $"Content-Length {bodyLength} is larger than the {available} byte(s) of body present", bodyStart));
            }
        }

        error = null;
        var whole = raw[..(bodyStart + bodyLength)]; // bytes after Content-Length in a datagram are not part of it
        return new SipMessage(whole, start.Method ?? cseq.Method, start.RequestUri, start.StatusCode, start.Reason, headers, cseq, bodyStart..(bodyStart + bodyLength));
    }

    private static readonly SipHeaderId[] Required = [SipHeaderId.CallId, SipHeaderId.CSeq, SipHeaderId.From, SipHeaderId.To, SipHeaderId.Via];

    private static readonly SipHeaderId[] SingleValued =
        [SipHeaderId.CallId, SipHeaderId.CSeq, SipHeaderId.From, SipHeaderId.To, SipHeaderId.MaxForwards, SipHeaderId.ContentLength, SipHeaderId.ContentType];

    /// <summary>`1*DIGIT LWS Method`; folded values (RFC 4475's "0009\r\n  INVITE") are read through.</summary>
    internal static bool TryParseCSeq(ReadOnlySpan<byte> value, out SipCSeq cseq, out SipParseError? problem)
    {
        cseq = default;
        var text = value.Trim(" \t\r\n"u8);
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit((char)text[digits]))
        {
            digits++;
        }

        if (digits == 0)
        {
            problem = SipParseError.Quoting("CSeq does not start with a number", $"CSeq '{Printable(text)}' does not start with a number", 0);
            return false;
        }

        ulong number = 0;
        foreach (var d in text[..digits])
        {
            number = number * 10 + (ulong)(d - '0');
            if (number > MaxCSeq)
            {
                problem = SipParseError.Quoting("CSeq number out of range", $"CSeq number {Printable(text[..digits])} is out of range (must be below 2^31)", 0);
                return false;
            }
        }

        var rest = text[digits..];
        var methodStart = rest.IndexOfAnyExcept(" \t\r\n"u8);
        if (methodStart <= 0 || !SipGrammar.IsToken(rest[methodStart..]))
        {
            problem = SipParseError.Quoting("CSeq has no valid method", $"CSeq '{Printable(text)}' has no valid method after its number", 0);
            return false;
        }

        cseq = new SipCSeq((uint)number, SipMethods.Intern(rest[methodStart..]));
        problem = null;
        return true;
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private static int TrimEndLength(ReadOnlySpan<byte> content)
    {
        var end = content.Length;
        while (end > 0 && SipGrammar.IsWhitespace(content[end - 1]))
        {
            end--;
        }

        return end;
    }

    internal static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes.Length > 60 ? bytes[..60] : bytes);
        return bytes.Length > 60 ? text + "…" : text;
    }

    private static SipMessage? Fail(out SipParseError? error, string reason, int offset) => Fail(out error, new SipParseError(reason, offset));

    private static SipMessage? Fail(out SipParseError? error, SipParseError problem)
    {
        error = problem;
        return null;
    }
}
