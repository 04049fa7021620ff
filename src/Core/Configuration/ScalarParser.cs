using System.Globalization;
using System.Text.RegularExpressions;

namespace Middleware.Core.Configuration;

/// <summary>Turns YAML scalar text into option values: numbers, booleans, enums, durations.</summary>
internal static partial class ScalarParser
{
    [GeneratedRegex(@"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$")]
    private static partial Regex DurationWithUnit();

    public static bool TryParse(Type type, string text, out object? value, out string expected)
    {
        value = null;
        expected = type.Name;
        if (type == typeof(string))
        {
            value = text;
            return true;
        }

        if (type == typeof(bool))
        {
            expected = "true or false";
            switch (text.Trim().ToLowerInvariant())
            {
                case "true" or "yes" or "on":
                    value = true;
                    return true;
                case "false" or "no" or "off":
                    value = false;
                    return true;
                default:
                    return false;
            }
        }

        if (type == typeof(int) || type == typeof(long))
        {
            expected = "a whole number";
            if (!long.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
            {
                return false;
            }

            if (type == typeof(int) && l is > int.MaxValue or < int.MinValue)
            {
                return false;
            }

            value = type == typeof(int) ? (object)(int)l : l;
            return true;
        }

        if (type == typeof(double))
        {
            expected = "a number";
            var ok = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d);
            value = d;
            return ok;
        }

        if (type == typeof(TimeSpan))
        {
            expected = "a duration such as 500ms, 5s, 2m, 1h or 00:00:05";
            return TryParseDuration(text, out var ts) && (value = ts) is not null;
        }

        if (type.IsEnum)
        {
            var names = Enum.GetNames(type);
            expected = "one of " + string.Join(", ", names.Select(Kebab));
            var wanted = text.Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
            var match = names.FirstOrDefault(n => string.Equals(n, wanted, StringComparison.OrdinalIgnoreCase));
            value = match is null ? null : Enum.Parse(type, match);
            return match is not null;
        }

        if (type == typeof(Uri))
        {
            expected = "an absolute URI";
            var ok = Uri.TryCreate(text, UriKind.Absolute, out var uri);
            value = uri;
            return ok;
        }

        return false;
    }

    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        var m = DurationWithUnit().Match(text);
        if (m.Success)
        {
            var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            value = m.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                _ => TimeSpan.FromDays(n),
            };
            return true;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>PascalCase to kebab-case, the way enum values are written in YAML.</summary>
    public static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>PascalCase to snake_case, the way option keys are written in YAML.</summary>
    public static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
