namespace Middleware.Enrichment.Privacy;

/// <summary>
/// Digits no card, resident ID or phone number took ("123" after a card, "04/28"): whether they are
/// a CVV, an expiry date or a local phone number depends on the keyword said nearest before them,
/// or on a card read out just before.
/// </summary>
internal readonly record struct LeftoverNumber(int Start, int End, int Digits, bool Slash, string Text)
{
    private const int AfterCardWindow = 40;

    /// <summary>A leftover number is a CVV or an expiry date when its keyword is nearest before it, or when it follows a card.</summary>
    public string? Type(string text, List<RedactionFinding> findings)
    {
        if (Digits == 2 && End < text.Length && text[End] == '年' && Keywords.NearestBefore(text, Start, NumberDetector.KeywordWindow, Keywords.Expiry) >= 0)
        {
            return PiiTypes.Expiry; // 有效期二八年四月
        }

        if (Digits is 7 or 8 && Keywords.NearestBefore(text, Start, NumberDetector.NotPhoneWindow, Keywords.Phone) >= 0 && !NumberDetector.NamedAsNotPhone(text, Start))
        {
            return PiiTypes.Phone; // a local number without its area code, said as a phone number
        }

        if (Digits is < 3 or > 6)
        {
            return null;
        }

        var cvv = Digits is 3 or 4 ? Keywords.NearestBefore(text, Start, NumberDetector.KeywordWindow, Keywords.Cvv) : -1;
        var expiry = Keywords.NearestBefore(text, Start, NumberDetector.KeywordWindow, Keywords.Expiry);
        if (cvv > expiry)
        {
            return PiiTypes.Cvv;
        }

        if (expiry >= 0)
        {
            return PiiTypes.Expiry; // the keyword says it; "04/28", "0428", "2028", "oh four twenty eight" alike
        }

        if (cvv >= 0)
        {
            return PiiTypes.Cvv;
        }

        // "6222 0212 3456 7890, 12/28, 123": what is read out with a card is the card's.
        foreach (var f in findings)
        {
            if (f.Type == PiiTypes.Card && f.Start + f.Length <= Start && Start - (f.Start + f.Length) <= AfterCardWindow)
            {
                return LooksLikeExpiry() && (Slash || Digits == 4) ? PiiTypes.Expiry : Digits is 3 or 4 ? PiiTypes.Cvv : null;
            }
        }

        return null;
    }

    /// <summary>MMYY, MYY, MMYYYY or YYYYMM (from "04/28", "4/28", "04/2028", "2028-04").</summary>
    private bool LooksLikeExpiry()
    {
        var d = Text;
        static int Two(string s, int at) => (s[at] - '0') * 10 + (s[at + 1] - '0');
        return d.Length switch
        {
            3 => d[0] != '0',
            4 => Two(d, 0) is >= 1 and <= 12,
            6 => Two(d, 0) is >= 1 and <= 12 && Two(d, 2) == 20 || Two(d, 0) == 20 && Two(d, 4) is >= 1 and <= 12,
            _ => false,
        };
    }
}
