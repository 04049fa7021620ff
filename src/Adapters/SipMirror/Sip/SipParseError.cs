namespace Middleware.Adapters.SipMirror.Sip;

/// <summary>Why bytes are not a valid SIP message, and the byte offset where that became clear.</summary>
public sealed record SipParseError(string Reason, int Offset)
{
    public override string ToString() => $"{Reason} (at byte {Offset})";
}
