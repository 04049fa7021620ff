namespace Middleware.Enrichment.Privacy;

/// <summary>
/// E-mail addresses written (local@domain.tld, RFC 5322's dot-atom without the rare quoted forms) and
/// spoken as recognizers write them ("john dot smith at gmail dot com", "zhangsan艾特qq点com").
/// SIP URIs (sip:1001@pbx.example.com, RFC 3261 §19.1) look like addresses but are signalling, not personal data.
/// </summary>
internal static class EmailDetector
{
    private static readonly HashSet<string> Tlds = new(StringComparer.OrdinalIgnoreCase)
    {
        "com", "cn", "net", "org", "edu", "gov", "io", "co", "uk", "de", "fr", "jp", "hk", "tw", "sg", "info", "biz", "me", "us", "ca", "au",
    };

    public static void Detect(string text, bool english, bool chinese, List<RedactionFinding> findings)
    {
        Written(text, findings);
        Spoken(text, english, chinese, findings);
    }

    private static bool LocalChar(char c) => DigitTokenizer.IsAsciiLetter(c) || c is >= '0' and <= '9' or '.' or '_' or '%' or '+' or '-';

    private static bool DomainChar(char c) => DigitTokenizer.IsAsciiLetter(c) || c is >= '0' and <= '9' or '-' or '.';

    private static void Written(string text, List<RedactionFinding> findings)
    {
        var at = text.IndexOfAny('@', '＠');
        while (at >= 0)
        {
            var start = at;
            while (start > 0 && LocalChar(text[start - 1]) && at - start < 64)
            {
                start--;
            }

            var end = at + 1;
            while (end < text.Length && DomainChar(text[end]))
            {
                end++;
            }

            while (end > at + 1 && text[end - 1] is '.' or '-')
            {
                end--; // a sentence's full stop is not the domain's
            }

            var domain = text.AsSpan(at + 1, end - at - 1);
            var dot = domain.LastIndexOf('.');
            var sip = start >= 4 && (text.AsSpan(start - 4, 4).Equals("sip:", StringComparison.OrdinalIgnoreCase)
                || start >= 5 && text.AsSpan(start - 5, 5).Equals("sips:", StringComparison.OrdinalIgnoreCase));
            if (start < at && dot > 0 && domain.Length - dot - 1 >= 2 && AllLetters(domain[(dot + 1)..]) && !sip)
            {
                findings.Add(new RedactionFinding(PiiTypes.Email, start, end - start));
            }

            at = end < text.Length ? text.IndexOfAny(['@', '＠'], end) : -1;
        }
    }

    private static bool AllLetters(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!DigitTokenizer.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    private enum Piece { Word, At, Dot, Joiner, Other }

    private readonly record struct Token(Piece Piece, int Start, int End);

    /// <summary>
    /// word (dot|underscore|dash word)* at word (dot word)+ with a known top-level domain last. The words are
    /// letters and numerals; between two pieces only spaces.
    /// </summary>
    private static void Spoken(string text, bool english, bool chinese, List<RedactionFinding> findings)
    {
        if (!(english && text.Contains(" at ", StringComparison.OrdinalIgnoreCase) || chinese && text.Contains("艾特", StringComparison.Ordinal)))
        {
            return;
        }

        var tokens = Pieces(text, english, chinese);
        for (var k = 1; k + 3 < tokens.Count; k++)
        {
            if (tokens[k].Piece != Piece.At || tokens[k - 1].Piece != Piece.Word || tokens[k + 1].Piece != Piece.Word)
            {
                continue;
            }

            var last = k + 1;
            while (last + 2 < tokens.Count && tokens[last + 1].Piece == Piece.Dot && tokens[last + 2].Piece == Piece.Word)
            {
                last += 2;
            }

            if (last == k + 1 || !Tlds.Contains(text[tokens[last].Start..tokens[last].End]))
            {
                continue;
            }

            var first = k - 1;
            while (first >= 2 && tokens[first - 1].Piece is Piece.Dot or Piece.Joiner && tokens[first - 2].Piece == Piece.Word)
            {
                first -= 2;
            }

            findings.Add(new RedactionFinding(PiiTypes.Email, tokens[first].Start, tokens[last].End - tokens[first].Start));
            k = last;
        }
    }

    private static List<Token> Pieces(string text, bool english, bool chinese)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == ' ')
            {
                i++;
                continue;
            }

            if (DigitTokenizer.IsAsciiLetter(c) || c is >= '0' and <= '9')
            {
                var end = i + 1;
                while (end < text.Length && (DigitTokenizer.IsAsciiLetter(text[end]) || text[end] is >= '0' and <= '9'))
                {
                    end++;
                }

                var word = text.AsSpan(i, end - i);
                var piece = !english ? Piece.Word
                    : word.Equals("at", StringComparison.OrdinalIgnoreCase) ? Piece.At
                    : word.Equals("dot", StringComparison.OrdinalIgnoreCase) ? Piece.Dot
                    : word.Equals("underscore", StringComparison.OrdinalIgnoreCase) || word.Equals("dash", StringComparison.OrdinalIgnoreCase) ? Piece.Joiner
                    : Piece.Word;
                tokens.Add(new Token(piece, i, end));
                i = end;
            }
            else if (chinese && text.AsSpan(i).StartsWith("艾特"))
            {
                tokens.Add(new Token(Piece.At, i, i + 2));
                i += 2;
            }
            else if (chinese && c is '点')
            {
                tokens.Add(new Token(Piece.Dot, i, i + 1));
                i++;
            }
            else if (c is '.' or '_' or '-')
            {
                tokens.Add(new Token(c == '.' ? Piece.Dot : Piece.Joiner, i, i + 1));
                i++;
            }
            else
            {
                tokens.Add(new Token(Piece.Other, i, i + 1));
                i++;
            }
        }

        return tokens;
    }
}
