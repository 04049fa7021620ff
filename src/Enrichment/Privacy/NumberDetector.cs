namespace Middleware.Enrichment.Privacy;

/// <summary>
/// Finds card numbers, resident IDs, phone numbers, CVVs and expiry dates among a text's digits,
/// written or spoken. Digits said or written close together (spaces, dashes, commas between them)
/// form a group; inside a group a number is tried at each place a number can start, longest checked
/// kinds first (an 18-character ID, a Luhn-valid card, a phone number), so "6222 0212 3456 7890 123"
/// is a card and a leftover 123. Leftovers are CVVs or expiry dates only where their keyword comes
/// just before, or right after a card. Work is linear in the text: each start tries a fixed set of lengths.
/// </summary>
internal static class NumberDetector
{
    /// <summary>At most this many separator characters between two digits of one number (", " between spoken digits, " - ").</summary>
    private const int MaxGap = 3;
    private const int MaxGapWithFiller = 10;
    internal const int KeywordWindow = 40;
    internal const int NotPhoneWindow = 20;

    // Longest first: a 19-digit UnionPay card read 4-4-4-4-3 is one card, not a 16-digit one and a CVV.
    private static readonly int[] CardLengths = [19, 18, 17, 16, 15, 14, 13];

    [ThreadStatic]
    private static List<DigitToken>? t_tokens;

    [ThreadStatic]
    private static List<LeftoverNumber>? t_residuals;

    public static void Detect(string text, bool englishWords, bool chineseNumerals, List<RedactionFinding> findings)
    {
        if (!DigitTokenizer.SaysDigits(text, chineseNumerals, needed: 3))
        {
            return;
        }

        // One scratch list of each per thread: the redactor runs on every journaled string.
        var tokens = t_tokens ??= new List<DigitToken>();
        var residuals = t_residuals ??= new List<LeftoverNumber>();
        tokens.Clear();
        residuals.Clear();
        DigitTokenizer.Tokenize(text, englishWords, chineseNumerals, tokens);
        if (tokens.Count == 0)
        {
            return;
        }

        var first = 0;
        for (var k = 1; k <= tokens.Count; k++)
        {
            if (k == tokens.Count || !Continues(text, tokens[k - 1], tokens[k]))
            {
                Group(text, tokens, first, k, findings, residuals);
                first = k;
            }
        }

        foreach (var r in residuals)
        {
            if (r.Type(text, findings) is { } type)
            {
                findings.Add(new RedactionFinding(type, r.Start, r.End - r.Start));
            }
        }
    }

    /// <summary>Two digits belong to one number when only separators stand between them, or a hesitation ("one three eight, um, one two…", "六二二二，呃，零二…").</summary>
    private static bool Continues(string text, DigitToken previous, DigitToken next)
    {
        if (previous.Digit == 'X' || next.Start - previous.End > MaxGapWithFiller)
        {
            return false;
        }

        var filler = false;
        var i = previous.End;
        while (i < next.Start)
        {
            if (IsSeparator(text[i]))
            {
                i++;
            }
            else if (text[i] is '呃' or '嗯' or '啊' or '额')
            {
                filler = true;
                i++;
            }
            else if (DigitTokenizer.IsAsciiLetter(text[i]))
            {
                var end = i;
                while (end < next.Start && DigitTokenizer.IsAsciiLetter(text[end]))
                {
                    end++;
                }

                if (!Keywords.IsFiller(text.AsSpan(i, end - i)))
                {
                    return false;
                }

                filler = true;
                i = end;
            }
            else
            {
                return false;
            }
        }

        return filler || next.Start - previous.End <= MaxGap;
    }

    private static bool IsSeparator(char c) => c is ' ' or '\t' or '-' or '.' or ',' or '(' or ')' or '/' or '，' or '、' or '　' or '–' or '—' or '－';

    private static void Group(string text, List<DigitToken> tokens, int first, int end, List<RedactionFinding> findings, List<LeftoverNumber> residuals)
    {
        // "oh" is a zero only next to digits said with it ("oh four", "five oh"), not "oh, 5".
        while (first < end && tokens[first].Weak && (end - first == 1 || !OnlySpaces(text, tokens[first].End, tokens[first + 1].Start)))
        {
            first++;
        }

        while (end > first && tokens[end - 1].Weak && (end - first == 1 || !OnlySpaces(text, tokens[end - 2].End, tokens[end - 1].Start)))
        {
            end--;
        }

        var n = end - first;
        if (n == 0 || PartOfCode(text, tokens[first], tokens[end - 1]))
        {
            return;
        }

        Span<char> digits = n <= 256 ? stackalloc char[n] : new char[n];
        for (var k = 0; k < n; k++)
        {
            digits[k] = tokens[first + k].Digit;
        }

        var plus = PlusBefore(text, tokens[first].Start);
        if (n is >= 13 and <= 19 && digits.IndexOf('X') < 0 && Checksums.CardPrefix(digits) && !Checksums.Luhn(digits)
            && Keywords.NearestBefore(text, tokens[first].Start, KeywordWindow, Keywords.Card) >= 0 && !Checksums.ChineseResidentId(digits))
        {
            // Said as a card right after "card": a recognizer's misheard digit breaks the Luhn check, not the caller's privacy.
            findings.Add(new RedactionFinding(PiiTypes.Card, tokens[first].Start, tokens[end - 1].End - tokens[first].Start));
            return;
        }

        var residualFrom = 0;
        var i = 0;
        while (i < n)
        {
            var (type, length) = Match(text, tokens, first, digits, i, plus);
            if (type is null)
            {
                i = NextBoundary(tokens, first, n, i);
                continue;
            }

            AddResidual(text, tokens, first, residualFrom, i, digits, residuals);
            var start = tokens[first + i].Start;
            findings.Add(new RedactionFinding(type, start, tokens[first + i + length - 1].End - start));
            i += length;
            residualFrom = i;
        }

        AddResidual(text, tokens, first, residualFrom, n, digits, residuals);
    }

    /// <summary>Numerals glued to letters are a code (SF1402588899331, INV2026, X300), never a card or a phone number.</summary>
    private static bool PartOfCode(string text, DigitToken first, DigitToken last) =>
        first.Start > 0 && IsNumeral(text[first.Start]) && DigitTokenizer.IsAsciiLetter(text[first.Start - 1])
        || last.End < text.Length && IsNumeral(text[last.End - 1]) && DigitTokenizer.IsAsciiLetter(text[last.End]);

    private static int NextBoundary(List<DigitToken> tokens, int first, int n, int i)
    {
        i++;
        while (i < n && tokens[first + i].JoinsPrevious)
        {
            i++;
        }

        return i;
    }

    private static bool Boundary(List<DigitToken> tokens, int first, int n, int i) => i == n || !tokens[first + i].JoinsPrevious;

    private static (string? Type, int Length) Match(string text, List<DigitToken> tokens, int first, ReadOnlySpan<char> digits, int i, bool plus)
    {
        var n = digits.Length;
        var rest = digits[i..];
        if (rest.Length >= 18 && Boundary(tokens, first, n, i + 18) && Checksums.ChineseResidentId(rest[..18]))
        {
            return (PiiTypes.ChineseId, 18);
        }

        if (rest.IndexOf('X') is var x && x >= 0)
        {
            rest = rest[..x]; // an X ends an ID and nothing else
        }

        foreach (var length in CardLengths)
        {
            if (rest.Length >= length && Boundary(tokens, first, n, i + length) && Checksums.CardPrefix(rest) && Checksums.Luhn(rest[..length]))
            {
                return (PiiTypes.Card, length);
            }
        }

        var (longer, shorter) = PhoneLengths(rest, i == 0 && plus);
        foreach (var phone in (ReadOnlySpan<int>)[longer, shorter])
        {
            if (phone > 0 && Boundary(tokens, first, n, i + phone)
                && (plus || !NamedAsNotPhone(text, tokens[first + i].Start)))
            {
                return (PiiTypes.Phone, phone);
            }
        }

        return (null, 0);
    }

    /// <summary>
    /// The lengths (either may be 0) a phone number at the start of <paramref name="d"/> can have: CN mobile (1[3-9] + 9 digits, with 86 or
    /// 0086 before it), CN landline (0 + area code of 2-3 digits + 7-8 digits), international with + or 00 (ITU-T E.164: at most 15 digits).
    /// </summary>
    private static (int, int) PhoneLengths(ReadOnlySpan<char> d, bool plus)
    {
        if (plus)
        {
            return (d.Length is >= 7 and <= 15 ? d.Length : 0, 0);
        }

        static bool Mobile(ReadOnlySpan<char> m) => m.Length >= 11 && m[0] == '1' && m[1] is >= '3' and <= '9';
        if (d.StartsWith("0086") && Mobile(d[4..]))
        {
            return (15, 0);
        }

        if (d.StartsWith("86") && Mobile(d[2..]))
        {
            return (13, 0);
        }

        if (Mobile(d))
        {
            return (11, 0);
        }

        if (d.Length >= 10 && d[0] == '0' && d[1] == '0' && d[2] != '0')
        {
            return (Math.Min(d.Length, 17), 0);
        }

        // 010 and 02x are followed by 8 digits; the other area codes (0 + 3 digits) by 7 or 8.
        if (d.Length >= 11 && d[0] == '0' && d[1] != '0')
        {
            return d[1] is '1' or '2' ? (11, 0) : (d.Length >= 12 ? 12 : 0, 11);
        }

        return (0, 0);
    }

    /// <summary>"order number 13800138000": the keyword names this number, not one said between them ("分机号5977，联系电话…").</summary>
    internal static bool NamedAsNotPhone(string text, int start)
    {
        var named = Keywords.NearestBefore(text, start, NotPhoneWindow, Keywords.NotPhone);
        if (named < 0)
        {
            return false;
        }

        for (var i = named; i < start; i++)
        {
            if (IsNumeral(text[i]) || DigitTokenizer.ChineseDigit(text[i]) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool PlusBefore(string text, int start)
    {
        var i = start - 1;
        while (i >= 0 && text[i] == ' ' && start - i < 3)
        {
            i--;
        }

        if (i >= 0 && text[i] is '+' or '＋')
        {
            return true;
        }

        return i >= 3 && text.AsSpan(i - 3, 4).Equals("plus", StringComparison.OrdinalIgnoreCase) && (i == 3 || !DigitTokenizer.IsAsciiLetter(text[i - 4]));
    }

    private static bool OnlySpaces(string text, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (text[i] != ' ')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// What no number took. Numerals set apart by a comma are separate numbers ("7894, 12/28, 123");
    /// spoken digits are not ("four, five, six" is how recognizers punctuate one number read slowly).
    /// </summary>
    private static void AddResidual(string text, List<DigitToken> tokens, int first, int from, int to, ReadOnlySpan<char> digits, List<LeftoverNumber> residuals)
    {
        for (var k = from + 1; k < to; k++)
        {
            var previous = tokens[first + k - 1];
            var next = tokens[first + k];
            if (!next.JoinsPrevious && IsNumeral(text[previous.Start]) && IsNumeral(text[next.Start])
                && text.AsSpan(previous.End, next.Start - previous.End).IndexOfAny(',', '，', '、') >= 0)
            {
                AddResidual(text, tokens, first, from, k, digits, residuals);
                from = k;
            }
        }

        if (to <= from)
        {
            return;
        }

        var start = tokens[first + from].Start;
        var end = tokens[first + to - 1].End;
        var slash = text.AsSpan(start, end - start).IndexOfAny('/', '-') >= 0;
        residuals.Add(new LeftoverNumber(start, end, to - from, slash, new string(digits[from..to])));
    }

    private static bool IsNumeral(char c) => c is >= '0' and <= '9' or >= '０' and <= '９';
}
