namespace Middleware.Enrichment.Privacy.Evaluation;

/// <summary>Random but valid values (cards pass Luhn, resident IDs their GB 11643 check) and the ways callers say them.</summary>
internal sealed class PiiValues(Random random)
{
    private static readonly string[] EnglishDigits = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
    private const string ChineseDigits = "零一二三四五六七八九";
    private static readonly string[] CardBins = ["622202", "621700", "622848", "625094", "622588", "621226", "623058", "628288"];
    private static readonly string[] Regions = ["110101", "110105", "310115", "440304", "510104", "330106", "420102", "320102", "610113", "500103"];
    private static readonly string[] MobilePrefixes = ["130", "131", "132", "135", "136", "137", "138", "139", "150", "152", "158", "159", "176", "177", "180", "182", "186", "188", "189", "199"];

    public string Digits(int count)
    {
        var s = new StringBuilder(count);
        for (var i = 0; i < count; i++)
        {
            s.Append((char)('0' + random.Next(10)));
        }

        return s.ToString();
    }

    public string Card()
    {
        var scheme = random.Next(10);
        var prefix = scheme < 7 ? CardBins[random.Next(CardBins.Length)] : scheme < 9 ? "4" : "5" + (char)('1' + random.Next(5));
        var length = scheme < 7 ? 16 + random.Next(4) : 16;
        var body = prefix + Digits(length - prefix.Length - 1);
        for (var c = '0'; c <= '9'; c++)
        {
            if (Checksums.Luhn(body + c))
            {
                return body + c;
            }
        }

        throw new InvalidOperationException("no Luhn digit"); // one of ten always fits
    }

    public string ResidentId()
    {
        var birth = new DateOnly(1950, 1, 1).AddDays(random.Next(20_000));
        var body = Regions[random.Next(Regions.Length)] + birth.ToString("yyyyMMdd") + Digits(3);
        foreach (var c in "0123456789X")
        {
            if (Checksums.ChineseResidentId(body + c))
            {
                return body + c;
            }
        }

        throw new InvalidOperationException("no check character");
    }

    public string Mobile() => MobilePrefixes[random.Next(MobilePrefixes.Length)] + Digits(8);

    public string Cvv() => (char)('1' + random.Next(9)) + Digits(2);

    public (int Month, int Year) Expiry() => (1 + random.Next(12), 26 + random.Next(8));

    public string Pick(params string[] choices) => choices[random.Next(choices.Length)];

    public bool Chance(double p) => random.NextDouble() < p;

    /// <summary>Digit by digit in English, with "double"/"triple" for repeats and "oh" for some zeros, as recognizers write them.</summary>
    public string SpokenEnglish(string digits, int groupOf = 0)
    {
        var words = new List<string>();
        var useOh = Chance(0.4);
        var i = 0;
        while (i < digits.Length)
        {
            var run = 1;
            while (i + run < digits.Length && digits[i + run] == digits[i] && run < 3)
            {
                run++;
            }

            var word = digits[i] == 'X' ? "X" : digits[i] == '0' && useOh ? "oh" : EnglishDigits[digits[i] - '0'];
            if (run >= 2 && digits[i] != 'X' && Chance(0.6) && (groupOf == 0 || (i % groupOf) + run <= groupOf))
            {
                words.Add((run == 3 ? "triple " : "double ") + word);
                i += run;
            }
            else
            {
                words.Add(word);
                i++;
            }

            if (groupOf > 0 && i % groupOf == 0 && i < digits.Length && Chance(0.5))
            {
                words[^1] += ",";
            }
        }

        return string.Join(' ', words);
    }

    /// <summary>Digit by digit in Chinese; one is often 幺 (as read over the phone) and spaces sometimes part the groups.</summary>
    public string SpokenChinese(string digits)
    {
        var yao = Chance(0.6);
        var s = new StringBuilder();
        foreach (var d in digits)
        {
            s.Append(d == 'X' ? 'X' : d == '1' && yao ? '幺' : ChineseDigits[d - '0']);
        }

        return s.ToString();
    }

    public static string Grouped(string digits, char separator, params int[] groups)
    {
        var s = new StringBuilder();
        var at = 0;
        foreach (var g in groups)
        {
            if (at >= digits.Length)
            {
                break;
            }

            if (at > 0)
            {
                s.Append(separator);
            }

            s.Append(digits, at, Math.Min(g, digits.Length - at));
            at += g;
        }

        if (at < digits.Length)
        {
            s.Append(separator).Append(digits, at, digits.Length - at);
        }

        return s.ToString();
    }

    /// <summary>Half written, half spoken: "6222 零二一二 three four five six 7894".</summary>
    public string Mixed(string digits, string language)
    {
        var parts = new List<string>();
        for (var at = 0; at < digits.Length; at += 4)
        {
            var chunk = digits.Substring(at, Math.Min(4, digits.Length - at));
            parts.Add(random.Next(3) switch
            {
                0 => chunk,
                1 when language == "zh" => SpokenChinese(chunk),
                _ => SpokenEnglish(chunk),
            });
        }

        return string.Join(' ', parts);
    }
}
