namespace Middleware.Enrichment.Privacy;

/// <summary>The check digits that tell a card or resident ID number from any other run of digits.</summary>
internal static class Checksums
{
    /// <summary>ISO/IEC 7812-1 Annex B (Luhn): every second digit from the right doubled.</summary>
    public static bool Luhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubled = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            if (doubled)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }

    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string IdCheckCharacters = "10X98765432";

    /// <summary>
    /// GB 11643-1999: 6 digits of region, 8 of birth date (yyyyMMdd), 3 of sequence and one check
    /// character (ISO 7064 MOD 11-2: Σ digit·2^(17-i) mod 11, 10 written as X). The birth date is checked
    /// too, so an 18-digit order number passes by chance far less often than 1 in 11.
    /// </summary>
    public static bool ChineseResidentId(ReadOnlySpan<char> id)
    {
        if (id.Length != 18)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var d = id[i] - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            sum += d * IdWeights[i];
        }

        var check = char.ToUpperInvariant(id[17]);
        if (check != IdCheckCharacters[sum % 11] || id[0] == '0')
        {
            return false;
        }

        var year = Number(id.Slice(6, 4));
        var month = Number(id.Slice(10, 2));
        var day = Number(id.Slice(12, 2));
        return year is >= 1900 and <= 2099 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    /// <summary>IIN ranges of the schemes a call center takes (UnionPay 62, Visa 4, Mastercard 51-55 and 2221-2720, Amex 34/37, JCB 35, Discover 6011/64/65).</summary>
    public static bool CardPrefix(ReadOnlySpan<char> digits)
    {
        if (digits.Length < 4)
        {
            return false;
        }

        var two = Number(digits[..2]);
        var four = Number(digits[..4]);
        return digits[0] == '4'
            || two is 62 or (>= 51 and <= 55) or 34 or 37 or 35 or 64 or 65 or 60
            || four is >= 2221 and <= 2720;
    }

    private static int Number(ReadOnlySpan<char> digits)
    {
        var n = 0;
        foreach (var c in digits)
        {
            n = n * 10 + (c - '0');
        }

        return n;
    }
}
