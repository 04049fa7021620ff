namespace Middleware.Enrichment.Text;

/// <summary>The languages the understanding models are trained for.</summary>
public enum TextLanguage
{
    Unknown,
    Zh,
    En,
}

/// <summary>
/// Tells Chinese from English per segment, so one call can switch language mid-way. Script, not
/// statistics: a Han ideograph (CJK Unified Ideographs and Extension A, Unicode 15 ch. 18) is
/// Chinese evidence, a Latin letter English evidence. One ideograph carries about as much as a
/// short English word, so ideographs weigh three letters; digits, emoji and punctuation weigh nothing.
/// </summary>
public static class LanguageDetector
{
    private const int IdeographWeight = 3;

    public static TextLanguage Detect(ReadOnlySpan<char> text)
    {
        var han = 0;
        var latin = 0;
        foreach (var c in text)
        {
            if (IsHan(c))
            {
                han++;
            }
            else if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '\uFF21' and <= '\uFF3A') or (>= '\uFF41' and <= '\uFF5A'))
            {
                latin++;
            }
        }

        if (han == 0 && latin == 0)
        {
            return TextLanguage.Unknown;
        }

        return han * IdeographWeight >= latin ? TextLanguage.Zh : TextLanguage.En;
    }

    public static bool IsHan(char c) => c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF');

    public static string Code(this TextLanguage language) => language switch
    {
        TextLanguage.Zh => "zh",
        TextLanguage.En => "en",
        _ => "unknown",
    };

    /// <summary>Reads "zh", "zh-CN", "cmn", "en-US"... (as ASR engines label segments); null when not one of ours.</summary>
    public static TextLanguage? Parse(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var c = code.Trim().ToLowerInvariant();
        if (c.StartsWith("zh", StringComparison.Ordinal) || c.StartsWith("cmn", StringComparison.Ordinal) || c.StartsWith("yue", StringComparison.Ordinal))
        {
            return TextLanguage.Zh;
        }

        return c.StartsWith("en", StringComparison.Ordinal) ? TextLanguage.En : null;
    }
}
