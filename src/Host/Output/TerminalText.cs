using System.Text;

namespace Middleware.Host.Output;

/// <summary>
/// Makes caller-controlled text safe to print on a terminal (issue 16, item 9): a CallerIDName is
/// whatever the caller's carrier sent, and ESC sequences in it would move the cursor, rewrite
/// earlier lines or retitle the window of whoever reads a timeline. C0 and C1 controls and DEL are
/// shown as \xNN, and the bidirectional overrides (the "Trojan Source" characters, CVE-2021-42574)
/// as \u{NNNN}, so what is printed is what was received, visibly.
/// </summary>
public static class TerminalText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(NeedsEscape))
        {
            return text ?? "";
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (!NeedsEscape(c))
            {
                escaped.Append(c);
            }
            else if (c <= 0xFF)
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            }
            else
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{{{(int)c:X4}}}");
            }
        }

        return escaped.ToString();
    }

    private static bool NeedsEscape(char c) =>
        c < 0x20 || c is >= '\u007F' and <= '\u009F' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069' || c == '\u200E' || c == '\u200F';
}
