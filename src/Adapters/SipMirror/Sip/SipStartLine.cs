namespace Middleware.Adapters.SipMirror.Sip;

/// <summary>Request-Line (`Method SP Request-URI SP SIP/2.0`) or Status-Line (`SIP/2.0 SP code SP reason`).</summary>
internal readonly record struct SipStartLine(string? Method, Range RequestUri, int StatusCode, Range Reason)
{
    private static ReadOnlySpan<byte> Version => "SIP/2.0"u8;

    /// <param name="offset">Where the line starts in the message, for error positions and the reason's range.</param>
    public static SipStartLine Parse(ReadOnlySpan<byte> line, int offset, out SipParseError? error)
    {
        error = null;
        if (line.Length >= 4 && System.Text.Ascii.EqualsIgnoreCase(line[..4], "SIP/"u8))
        {
            return ParseStatus(line, offset, out error);
        }

        var first = line.IndexOf((byte)' ');
        if (first <= 0)
        {
            error = SipParseError.Quoting("start line is neither a request nor a response", $"start line '{SipParser.Printable(line)}' is neither a request nor a response", offset);
            return default;
        }

        var method = line[..first];
        if (!SipGrammar.IsToken(method))
        {
            error = SipParseError.Quoting("method is not a token", $"method '{SipParser.Printable(method)}' is not a token", offset);
            return default;
        }

        var rest = line[(first + 1)..];
        var second = rest.IndexOf((byte)' ');
        if (second <= 0)
        {
            error = new SipParseError(second == 0 ? "more than one space between request-line elements" : "request line has no SIP version", offset + first + 1);
            return default;
        }

        var uri = rest[..second];
        var version = rest[(second + 1)..];
        if (version.IndexOfAny((byte)' ', (byte)'\t') >= 0 || version.IsEmpty)
        {
            error = new SipParseError(version.IsEmpty || version[0] == (byte)' ' || version[^1] == (byte)' '
                ? "extra whitespace in the request line"
                : "request line has more than three elements (whitespace in the Request-URI?)", offset + first + second + 2);
            return default;
        }

        if (!System.Text.Ascii.EqualsIgnoreCase(version, Version))
        {
            error = SipParseError.Quoting("unsupported SIP version", $"unsupported SIP version '{SipParser.Printable(version)}'", offset + first + second + 2);
            return default;
        }

        var uriProblem = RequestUriProblem(uri);
        if (uriProblem is not null)
        {
            error = uriProblem with { Offset = offset + first + 1 };
            return default;
        }

        var uriStart = offset + first + 1;
        return new SipStartLine(SipMethods.Intern(method), uriStart..(uriStart + uri.Length), 0, default);
    }

    private static SipStartLine ParseStatus(ReadOnlySpan<byte> line, int offset, out SipParseError? error)
    {
        error = null;
        var space = line.IndexOf((byte)' ');
        var version = space < 0 ? line : line[..space];
        if (!System.Text.Ascii.EqualsIgnoreCase(version, Version))
        {
            error = SipParseError.Quoting("unsupported SIP version", $"unsupported SIP version '{SipParser.Printable(version)}'", offset);
            return default;
        }

        var rest = space < 0 ? default : line[(space + 1)..];
        var codeEnd = rest.IndexOf((byte)' ');
        var code = codeEnd < 0 ? rest : rest[..codeEnd];
        if (code.Length != 3 || code.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0 || code[0] is < (byte)'1' or > (byte)'6')
        {
            error = SipParseError.Quoting("status code is not three digits from 100 to 699", $"status code '{SipParser.Printable(code)}' is not three digits from 100 to 699", offset + space + 1);
            return default;
        }

        var status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
        var reasonStart = offset + space + 1 + 3 + (codeEnd < 0 ? 0 : 1);
        return new SipStartLine(null, default, status, reasonStart..(offset + line.Length));
    }

    /// <summary>What is wrong with a Request-URI, or null. Only the shape is checked: scheme, no brackets, no headers in a SIP URI.</summary>
    private static SipParseError? RequestUriProblem(ReadOnlySpan<byte> uri)
    {
        if (uri[0] == (byte)'<')
        {
            return new SipParseError("Request-URI is enclosed in <>", 0);
        }

        var colon = uri.IndexOf((byte)':');
        if (colon <= 0 || !char.IsAsciiLetter((char)uri[0]))
        {
            return SipParseError.Quoting("Request-URI has no scheme", $"Request-URI '{SipParser.Printable(uri)}' has no scheme", 0);
        }

        foreach (var b in uri[..colon])
        {
            if (!char.IsAsciiLetterOrDigit((char)b) && b is not ((byte)'+' or (byte)'-' or (byte)'.'))
            {
                return SipParseError.Quoting("Request-URI has a malformed scheme", $"Request-URI '{SipParser.Printable(uri)}' has a malformed scheme", 0);
            }
        }

        var scheme = uri[..colon];
        if (System.Text.Ascii.EqualsIgnoreCase(scheme, "sip"u8) || System.Text.Ascii.EqualsIgnoreCase(scheme, "sips"u8))
        {
            var afterUser = uri[(colon + 1)..];
            var at = afterUser.IndexOf((byte)'@');
            if ((at < 0 ? afterUser : afterUser[(at + 1)..]).IndexOf((byte)'?') >= 0)
            {
                return new SipParseError("a SIP Request-URI may not carry headers ('?...')", 0);
            }

            if (afterUser.IsEmpty || afterUser[(at + 1)..].IsEmpty)
            {
                return new SipParseError("SIP Request-URI has no host", 0);
            }
        }

        return null;
    }
}
