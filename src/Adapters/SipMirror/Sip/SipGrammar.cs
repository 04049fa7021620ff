namespace Middleware.Adapters.SipMirror.Sip;

/// <summary>Character classes of RFC 3261's ABNF (§25.1).</summary>
public static class SipGrammar
{
    /// <summary>token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~").</summary>
    public static bool IsTokenChar(byte b) =>
        b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'.' or (byte)'!' or (byte)'%' or (byte)'*' or (byte)'_' or (byte)'+' or (byte)'`' or (byte)'\'' or (byte)'~';

    private static readonly SearchValues<byte> TokenChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~"u8);

    public static bool IsToken(ReadOnlySpan<byte> span) => !span.IsEmpty && span.IndexOfAnyExcept(TokenChars) < 0;

    public static bool IsToken(ReadOnlySpan<char> span)
    {
        if (span.IsEmpty)
        {
            return false;
        }

        foreach (var c in span)
        {
            if (c > 127 || !IsTokenChar((byte)c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t';

    public static bool IsWhitespace(char c) => c is ' ' or '\t';
}
