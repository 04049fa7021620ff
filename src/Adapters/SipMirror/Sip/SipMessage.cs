namespace Middleware.Adapters.SipMirror.Sip;

/// <summary>
/// One SIP request or response over the bytes it was read from. The parser only indexes header
/// positions; values become strings when asked for, so the mirror's common path (Call-ID, CSeq,
/// tags, Via branch, body) does not materialise every header.
/// </summary>
public sealed class SipMessage
{
    private readonly SipHeaderField[] _headers;
    private string? _callId;
    private string? _fromTag;
    private string? _toTag;
    private string? _viaBranch;
    private bool _tagsRead;
    private string? _requestUri;
    private readonly Range _requestUriRange;

    internal SipMessage(ReadOnlyMemory<byte> raw, string? method, Range requestUri, int statusCode, Range reason, SipHeaderField[] headers, SipCSeq cseq, Range body)
    {
        Raw = raw;
        Method = method;
        _requestUriRange = requestUri;
        StatusCode = statusCode;
        ReasonRange = reason;
        _headers = headers;
        CSeq = cseq;
        BodyRange = body;
    }

    /// <summary>The whole message as received (trailing bytes of the datagram beyond Content-Length excluded).</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    public bool IsRequest => StatusCode == 0;

    /// <summary>The request method; for a response, the method of its CSeq.</summary>
    public string? Method { get; }

    /// <summary>Decoded on first use: most messages of a dialog are matched without it.</summary>
    public string? RequestUri => IsRequest ? _requestUri ??= Encoding.UTF8.GetString(Raw.Span[_requestUriRange]) : null;

    public int StatusCode { get; }

    public SipCSeq CSeq { get; }

    internal Range ReasonRange { get; }

    internal Range BodyRange { get; }

    public string ReasonPhrase => Encoding.UTF8.GetString(Raw.Span[ReasonRange]);

    public ReadOnlyMemory<byte> Body => Raw[BodyRange];

    public IReadOnlyList<SipHeaderField> HeaderFields => _headers;

    public string CallId => _callId ??= Value(First(SipHeaderId.CallId)!.Value);

    public string? FromTag
    {
        get
        {
            ReadTags();
            return _fromTag;
        }
    }

    public string? ToTag
    {
        get
        {
            ReadTags();
            return _toTag;
        }
    }

    /// <summary>The branch of the topmost Via: with the CSeq method, what identifies the transaction.</summary>
    public string? ViaBranch => _viaBranch ??= First(SipHeaderId.Via) is { } via ? SipVia.TopBranch(Value(via)) : null;

    public string? ContentType => Header(SipHeaderId.ContentType);

    /// <summary>The first value of a header by id, unfolded and trimmed; null when absent.</summary>
    public string? Header(SipHeaderId id) => First(id) is { } field ? Value(field) : null;

    /// <summary>The first value of a header by name (long or compact form, any case); null when absent.</summary>
    public string? Header(string name)
    {
        foreach (var value in Headers(name))
        {
            return value;
        }

        return null;
    }

    /// <summary>Every occurrence of a header, in order (comma-joined values are not split).</summary>
    public IEnumerable<string> Headers(string name)
    {
        var id = SipHeaderNames.Identify(Encoding.ASCII.GetBytes(name));
        foreach (var field in _headers)
        {
            if (id != SipHeaderId.Other ? field.Id == id : SipHeaderNames.EqualsIgnoreCase(Raw.Span.Slice(field.NameStart, field.NameLength), name))
            {
                yield return Value(field);
            }
        }
    }

    public IEnumerable<string> Headers(SipHeaderId id)
    {
        foreach (var field in _headers)
        {
            if (field.Id == id)
            {
                yield return Value(field);
            }
        }
    }

    /// <summary>Every header as (name as sent, value unfolded), in order.</summary>
    public IEnumerable<(string Name, string Value)> AllHeaders()
    {
        foreach (var field in _headers)
        {
            yield return (Encoding.UTF8.GetString(Raw.Span.Slice(field.NameStart, field.NameLength)), Value(field));
        }
    }

    public int Count(SipHeaderId id)
    {
        var n = 0;
        foreach (var field in _headers)
        {
            if (field.Id == id)
            {
                n++;
            }
        }

        return n;
    }

    internal SipHeaderField? First(SipHeaderId id)
    {
        foreach (var field in _headers)
        {
            if (field.Id == id)
            {
                return field;
            }
        }

        return null;
    }

    /// <summary>A header's value as text: folded lines joined by one space, outer whitespace trimmed.</summary>
    public string Value(SipHeaderField field)
    {
        var span = Raw.Span.Slice(field.ValueStart, field.ValueLength);
        if (!field.Folded)
        {
            return Encoding.UTF8.GetString(span);
        }

        var text = Encoding.UTF8.GetString(span);
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '\r' or '\n')
            {
                while (i + 1 < text.Length && text[i + 1] is '\r' or '\n' or ' ' or '\t')
                {
                    i++;
                }

                // The whitespace before the line break and the fold count as one space.
                while (builder.Length > 0 && builder[^1] is ' ' or '\t')
                {
                    builder.Length--;
                }

                builder.Append(' ');
                continue;
            }

            builder.Append(text[i]);
        }

        return builder.ToString().Trim(' ', '\t');
    }

    private void ReadTags()
    {
        if (_tagsRead)
        {
            return;
        }

        _fromTag = First(SipHeaderId.From) is { } from ? SipNameAddress.Parameter(Value(from), "tag") : null;
        _toTag = First(SipHeaderId.To) is { } to ? SipNameAddress.Parameter(Value(to), "tag") : null;
        _tagsRead = true;
    }

    public override string ToString() => IsRequest ? $"{Method} {RequestUri} (CSeq {CSeq})" : $"{StatusCode} {ReasonPhrase} (CSeq {CSeq})";
}
