namespace Middleware.Adapters.SipMirror.Sip;

/// <summary>quoted-string = DQUOTE *(qdtext / quoted-pair) DQUOTE, where a quoted-pair is a backslash and any byte but CR/LF.</summary>
public static class SipQuoting
{
    /// <summary>The index just after the closing quote of the string opening at <paramref name="start"/>, or -1 if it never closes.</summary>
    public static int QuotedStringEnd(ReadOnlySpan<char> text, int start)
    {
        for (var i = start + 1; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\\':
                    if (i + 1 >= text.Length || text[i + 1] is '\r' or '\n')
                    {
                        return -1;
                    }

                    i++;
                    break;
                case '"':
                    return i + 1;
            }
        }

        return -1;
    }
}
