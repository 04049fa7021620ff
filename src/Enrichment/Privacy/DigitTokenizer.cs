using System.Collections.Frozen;

namespace Middleware.Enrichment.Privacy;

/// <summary>
/// Reads every digit of a text the way speech recognizers write them: numerals (ASCII and
/// full-width), Chinese numerals one by one (六二二二, 幺 for one as read over the phone, 两, the
/// financial 壹贰…), English words (six two two two, oh, niner, double five, triple seven, teens and
/// tens such as "twenty seven"). One pass, no backtracking: each character is looked at once or twice.
/// </summary>
internal static class DigitTokenizer
{
    private enum WordKind { Digits, Weak, Tens, Repeat, CheckX }

    private readonly record struct Word(WordKind Kind, string Digits);

    private static readonly FrozenDictionary<string, Word> Words = new Dictionary<string, Word>(StringComparer.OrdinalIgnoreCase)
    {
        ["zero"] = new(WordKind.Digits, "0"), ["oh"] = new(WordKind.Weak, "0"), ["o"] = new(WordKind.Weak, "0"),
        ["one"] = new(WordKind.Digits, "1"), ["two"] = new(WordKind.Digits, "2"), ["three"] = new(WordKind.Digits, "3"),
        ["four"] = new(WordKind.Digits, "4"), ["five"] = new(WordKind.Digits, "5"), ["six"] = new(WordKind.Digits, "6"),
        ["seven"] = new(WordKind.Digits, "7"), ["eight"] = new(WordKind.Digits, "8"), ["nine"] = new(WordKind.Digits, "9"),
        ["niner"] = new(WordKind.Digits, "9"),
        ["ten"] = new(WordKind.Digits, "10"), ["eleven"] = new(WordKind.Digits, "11"), ["twelve"] = new(WordKind.Digits, "12"),
        ["thirteen"] = new(WordKind.Digits, "13"), ["fourteen"] = new(WordKind.Digits, "14"), ["fifteen"] = new(WordKind.Digits, "15"),
        ["sixteen"] = new(WordKind.Digits, "16"), ["seventeen"] = new(WordKind.Digits, "17"), ["eighteen"] = new(WordKind.Digits, "18"),
        ["nineteen"] = new(WordKind.Digits, "19"),
        ["twenty"] = new(WordKind.Tens, "2"), ["thirty"] = new(WordKind.Tens, "3"), ["forty"] = new(WordKind.Tens, "4"),
        ["fifty"] = new(WordKind.Tens, "5"), ["sixty"] = new(WordKind.Tens, "6"), ["seventy"] = new(WordKind.Tens, "7"),
        ["eighty"] = new(WordKind.Tens, "8"), ["ninety"] = new(WordKind.Tens, "9"),
        ["double"] = new(WordKind.Repeat, "2"), ["triple"] = new(WordKind.Repeat, "3"),
        ["x"] = new(WordKind.CheckX, "X"),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, Word>.AlternateLookup<ReadOnlySpan<char>> WordLookup = Words.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The digit a Chinese character stands for, or -1.</summary>
    public static int ChineseDigit(char c) => c switch
    {
        '零' or '〇' => 0,
        '一' or '幺' or '壹' => 1,
        '二' or '两' or '贰' => 2,
        '三' or '叁' => 3,
        '四' or '肆' => 4,
        '五' or '伍' => 5,
        '六' or '陆' => 6,
        '七' or '柒' => 7,
        '八' or '捌' => 8,
        '九' or '玖' => 9,
        _ => -1,
    };

    public static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    public static void Tokenize(string text, bool englishWords, bool chineseNumerals, List<DigitToken> tokens)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is >= '0' and <= '9' || c is >= '０' and <= '９')
            {
                var digit = c <= '9' ? c : (char)('0' + (c - '０'));
                tokens.Add(new DigitToken(digit, i, i + 1, JoinsNumeral(tokens, i)));
                i++;
            }
            else if (IsAsciiLetter(c))
            {
                var end = i + 1;
                while (end < text.Length && IsAsciiLetter(text[end]))
                {
                    end++;
                }

                i = ReadWord(text, i, end, englishWords, tokens);
            }
            else
            {
                if (chineseNumerals && ChineseDigit(c) is var d and >= 0)
                {
                    tokens.Add(new DigitToken((char)('0' + d), i, i + 1, false));
                }

                i++;
            }
        }
    }

    /// <summary>A numeral or an X right after another numeral is part of the same written number.</summary>
    private static bool JoinsNumeral(List<DigitToken> tokens, int start) =>
        tokens.Count > 0 && tokens[^1].End == start && tokens[^1].Digit != 'X';

    /// <returns>Where reading goes on.</returns>
    private static int ReadWord(string text, int start, int end, bool englishWords, List<DigitToken> tokens)
    {
        if (end - start > 9 || !WordLookup.TryGetValue(text.AsSpan(start, end - start), out var word))
        {
            return end;
        }

        switch (word.Kind)
        {
            case WordKind.CheckX:
                // Only a lone X written or said right after digits (…002X, "…two X") can be a check character.
                tokens.Add(new DigitToken('X', start, end, JoinsNumeral(tokens, start)));
                return end;
            case WordKind.Digits when englishWords:
                Add(tokens, word.Digits, start, end);
                return end;
            case WordKind.Weak when englishWords:
                tokens.Add(new DigitToken('0', start, end, false, Weak: true));
                return end;
            case WordKind.Tens when englishWords:
                // "twenty seven" / "twenty-seven" is 27, "twenty" alone 20.
                if (NextWord(text, end, maxGap: 1) is var (unitStart, unitEnd)
                    && WordLookup.TryGetValue(text.AsSpan(unitStart, unitEnd - unitStart), out var unit)
                    && unit is { Kind: WordKind.Digits, Digits.Length: 1 } && unit.Digits != "0")
                {
                    Add(tokens, word.Digits + unit.Digits, start, unitEnd);
                    return unitEnd;
                }

                Add(tokens, word.Digits + "0", start, end);
                return end;
            case WordKind.Repeat when englishWords:
                // "double five" = 55, "triple oh" = 000; "double" before anything else is a word.
                if (NextWord(text, end, maxGap: 2) is var (digitStart, digitEnd)
                    && WordLookup.TryGetValue(text.AsSpan(digitStart, digitEnd - digitStart), out var repeated)
                    && repeated is { Kind: WordKind.Digits or WordKind.Weak, Digits.Length: 1 })
                {
                    Add(tokens, new string(repeated.Digits[0], word.Digits[0] - '0'), start, digitEnd);
                    return digitEnd;
                }

                if (RepeatedNumeral(text, end) is { } numeral)
                {
                    Add(tokens, new string(text[numeral], word.Digits[0] - '0'), start, numeral + 1);
                    return numeral + 1;
                }

                return end;
            default:
                return end;
        }
    }

    /// <summary>"double 5": the numeral after a repeat word, when only spaces stand between.</summary>
    private static int? RepeatedNumeral(string text, int from)
    {
        var i = from;
        while (i < text.Length && i - from < 2 && text[i] == ' ')
        {
            i++;
        }

        return i > from && i < text.Length && text[i] is >= '0' and <= '9' && (i + 1 == text.Length || text[i + 1] is < '0' or > '9') ? i : null;
    }

    private static void Add(List<DigitToken> tokens, string digits, int start, int end)
    {
        for (var k = 0; k < digits.Length; k++)
        {
            tokens.Add(new DigitToken(digits[k], start, end, JoinsPrevious: k > 0));
        }
    }

    /// <summary>The next word after at most <paramref name="maxGap"/> spaces or hyphens.</summary>
    private static (int Start, int End)? NextWord(string text, int from, int maxGap)
    {
        var i = from;
        while (i < text.Length && i - from < maxGap && text[i] is ' ' or '-')
        {
            i++;
        }

        if (i == from || i >= text.Length || !IsAsciiLetter(text[i]))
        {
            return null;
        }

        var end = i;
        while (end < text.Length && IsAsciiLetter(text[end]))
        {
            end++;
        }

        return (i, end);
    }
}
