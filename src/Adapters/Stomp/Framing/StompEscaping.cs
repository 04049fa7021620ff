namespace Middleware.Adapters.Stomp.Framing;

/// <summary>STOMP 1.2 header escaping: \\ \n \r and ':' as \\ \n \r \c (not in CONNECT/CONNECTED frames).</summary>
public static class StompEscaping
{
    public static string Escape(string value)
    {
        if (value.AsSpan().IndexOfAny("\\\n\r:") < 0)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            sb.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                ':' => "\\c",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    /// <summary>Returns null for an undefined escape (the spec makes it a fatal protocol error).</summary>
    public static string? Unescape(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\')
            {
                sb.Append(value[i]);
                continue;
            }

            if (++i == value.Length)
            {
                return null;
            }

            switch (value[i])
            {
                case '\\': sb.Append('\\'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 'c': sb.Append(':'); break;
                default: return null;
            }
        }

        return sb.ToString();
    }
}
