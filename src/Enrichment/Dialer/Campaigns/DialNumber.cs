using System.Text.RegularExpressions;

namespace Middleware.Enrichment.Dialer.Campaigns;

/// <summary>
/// Turns what a campaign list says into a number a trunk can dial, in E.164 (ITU-T E.164: '+',
/// country code, at most 15 digits). Accepted: E.164 as is; Chinese mobiles (11 digits, 1[3-9]…,
/// optionally +86/0086); Chinese landlines with the trunk prefix 0 and a 2–3 digit area code
/// (010-12345678, 0755 8765 4321). Anything else is refused with the reason.
/// </summary>
public static partial class DialNumber
{
    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
    private static partial Regex E164();

    [GeneratedRegex(@"^1[3-9][0-9]{9}$")]
    private static partial Regex CnMobile();

    // Area codes: 10 and 2x are two digits (Beijing, Shanghai, Guangzhou...), the rest three; subscriber numbers 7–8 digits.
    [GeneratedRegex(@"^0(?:(?:10|2[0-9])[0-9]{8}|[3-9][0-9]{2}[0-9]{7,8})$")]
    private static partial Regex CnLandline();

    public static bool TryNormalize(string raw, out string e164, out string error)
    {
        e164 = "";
        var text = raw.Trim();
        if (text.Length == 0)
        {
            error = "the number is empty";
            return false;
        }

        var compact = new string(text.Where(c => c is not (' ' or '-' or '(' or ')' or '.')).ToArray());
        if (compact.StartsWith("0086", StringComparison.Ordinal))
        {
            compact = "+86" + compact[4..];
        }

        if (compact.StartsWith("+86", StringComparison.Ordinal))
        {
            // +86 numbers are held to the Chinese plan: a mobile, or a landline without its trunk 0.
            var national = compact[3..];
            if (CnMobile().IsMatch(national) || CnLandline().IsMatch("0" + national))
            {
                e164 = compact;
                error = "";
                return true;
            }

            error = $"'{raw}' is +86 but neither a CN mobile (1 + 10 digits) nor a landline (area code + 7-8 digits)";
            return false;
        }

        if (compact.StartsWith('+'))
        {
            if (E164().IsMatch(compact))
            {
                e164 = compact;
                error = "";
                return true;
            }

            error = $"'{raw}' is not E.164 (+, country code, 8 to 15 digits in all)";
            return false;
        }

        if (CnMobile().IsMatch(compact))
        {
            e164 = "+86" + compact;
            error = "";
            return true;
        }

        if (CnLandline().IsMatch(compact))
        {
            e164 = "+86" + compact[1..]; // the trunk prefix 0 is not dialed from abroad
            error = "";
            return true;
        }

        error = compact.All(char.IsAsciiDigit)
            ? $"'{raw}' is neither a CN mobile (11 digits starting 13-19) nor a CN landline (0 + area code + 7-8 digits); write other countries' numbers in E.164 (+...)"
            : $"'{raw}' has characters a phone number cannot have";
        return false;
    }
}
