namespace Middleware.Adapters.SipMirror.Sip;

/// <summary>One Via value: `SIP/2.0/UDP host[:port] *(;param)`, with LWS allowed around '/', ';' and '='.</summary>
public sealed record SipVia(string Transport, string SentBy, string Parameters)
{
    public string? Branch => SipParameters.Find(Parameters, "branch");

    /// <summary>The branch of the first Via value in a header (which may hold several, comma-separated).</summary>
    public static string? TopBranch(string headerValue)
    {
        var comma = SipParameters.IndexOutsideQuotes(headerValue, ',');
        var first = comma < 0 ? headerValue.AsSpan() : headerValue.AsSpan(0, comma);
        var semi = first.IndexOf(';');
        return semi < 0 ? null : SipParameters.Find(first[semi..], "branch");
    }

    /// <summary>Every value of one Via header, strictly; the error names what is wrong.</summary>
    public static List<SipVia>? ParseAll(string headerValue, out string? error)
    {
        var result = new List<SipVia>();
        foreach (var part in SipParameters.SplitValues(headerValue))
        {
            if (Parse(part, out error) is not { } via)
            {
                return null;
            }

            result.Add(via);
        }

        error = null;
        return result;
    }

    public static SipVia? Parse(string value, out string? error)
    {
        var s = value.AsSpan().Trim(" \t");
        if (s.IsEmpty)
        {
            error = "empty Via value";
            return null;
        }

        // sent-protocol: three tokens separated by '/' with optional LWS around each slash.
        Span<Range> protocol = stackalloc Range[4];
        var semi = s.IndexOf(';');
        var head = semi < 0 ? s : s[..semi];
        var slashCount = head.Split(protocol, '/');
        if (slashCount != 3)
        {
            error = $"Via '{value}' does not start with protocol/version/transport";
            return null;
        }

        var name = head[protocol[0]].Trim(" \t");
        var version = head[protocol[1]].Trim(" \t");
        var rest = head[protocol[2]].TrimStart(" \t");
        var space = rest.IndexOfAny(" \t");
        if (space < 0)
        {
            error = $"Via '{value}' has no sent-by host";
            return null;
        }

        var transport = rest[..space];
        var sentBy = rest[space..].Trim(" \t");
        if (!SipGrammar.IsToken(name) || !SipGrammar.IsToken(version) || !SipGrammar.IsToken(transport))
        {
            error = $"Via '{value}' has a malformed sent-protocol";
            return null;
        }

        if (sentBy.IsEmpty || sentBy.ContainsAny(" \t,"))
        {
            error = $"Via '{value}' has a malformed sent-by";
            return null;
        }

        var parameters = semi < 0 ? default : s[semi..];
        error = SipParameters.Validate(parameters);
        return error is null ? new SipVia(transport.ToString(), sentBy.ToString(), parameters.ToString()) : null;
    }
}
