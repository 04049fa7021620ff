namespace Middleware.Core.Numbers;

/// <summary>
/// Compares phone numbers the way a call center needs to: the PBX shows "13800138000", the CRM
/// "+86 138-0013-8000", a trunk "008613800138000". Only digits count, international prefixes
/// are dropped, and two numbers match when one ends with the other and the common part is long
/// enough to be a real subscriber number.
/// </summary>
public static class PhoneNumber
{
    /// <summary>Shortest tail that may identify a subscriber (shorter numbers must match exactly).</summary>
    public const int MinimumSuffix = 7;

    public static string Digits(string? number)
    {
        if (string.IsNullOrEmpty(number))
        {
            return "";
        }

        Span<char> digits = number.Length <= 64 ? stackalloc char[number.Length] : new char[number.Length];
        var n = 0;
        foreach (var c in number)
        {
            if (char.IsAsciiDigit(c))
            {
                digits[n++] = c;
            }
        }

        var start = 0;
        while (start < n && digits[start] == '0')
        {
            start++; // 00 international / 0 trunk prefixes
        }

        return new string(digits[start..n]);
    }

    public static bool Same(string? a, string? b)
    {
        var x = Digits(a);
        var y = Digits(b);
        if (x.Length == 0 || y.Length == 0)
        {
            return false;
        }

        if (x.Length == y.Length)
        {
            return x == y;
        }

        var (shorter, longer) = x.Length < y.Length ? (x, y) : (y, x);
        return shorter.Length >= MinimumSuffix && longer.EndsWith(shorter, StringComparison.Ordinal);
    }
}

/// <summary>A list of numbers (VIPs, blocked callers) to test callers against with <see cref="PhoneNumber.Same"/>.</summary>
public sealed class PhoneNumberSet(IEnumerable<string> numbers)
{
    private readonly string[] _numbers = numbers.Select(PhoneNumber.Digits).Where(d => d.Length > 0).Distinct().ToArray();

    public int Count => _numbers.Length;

    public bool Contains(string? number) => number is not null && _numbers.Any(n => PhoneNumber.Same(n, number));
}
