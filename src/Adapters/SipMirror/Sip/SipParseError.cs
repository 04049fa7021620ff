namespace Middleware.Adapters.SipMirror.Sip;

/// <summary>Why bytes are not a valid SIP message, and the byte offset where that became clear.</summary>
/// <param name="Reason">For people: what is wrong, quoting the offending input.</param>
public sealed record SipParseError(string Reason, int Offset)
{
    /// <summary>
    /// The kind of wrong, without the input it quotes ("malformed header name"): what rejection
    /// counters are kept by, so a flood of distinct bad headers is one counter, not thousands.
    /// </summary>
    public string Problem { get; init; } = Reason;

    /// <summary>An error whose reason quotes input: <paramref name="problem"/> is the same text without it.</summary>
    internal static SipParseError Quoting(string problem, string reason, int offset) => new(reason, offset) { Problem = problem };

    public override string ToString() => $"{Reason} (at byte {Offset})";
}
