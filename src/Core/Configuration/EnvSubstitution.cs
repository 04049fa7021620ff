using System.Text.RegularExpressions;

namespace Middleware.Core.Configuration;

/// <summary>
/// Replaces <c>${ENV:NAME}</c> (and <c>${ENV:NAME:-default}</c>) in config values, so secrets stay
/// out of files. Anything else that looks like a substitution is an error, not a literal.
/// </summary>
public static partial class EnvSubstitution
{
    [GeneratedRegex(@"\$\{([^}]*)\}?")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^ENV:([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$")]
    private static partial Regex EnvReference();

    /// <summary>Returns the substituted text, or null with an error message.</summary>
    public static string? Apply(string value, Func<string, string?> lookup, out string? error)
    {
        error = null;
        if (!value.Contains("${", StringComparison.Ordinal))
        {
            return value;
        }

        string? failure = null;
        var result = Placeholder().Replace(value, m =>
        {
            if (!m.Value.EndsWith('}'))
            {
                failure ??= $"unterminated substitution '{m.Value}'";
                return m.Value;
            }

            var reference = EnvReference().Match(m.Groups[1].Value);
            if (!reference.Success)
            {
                failure ??= $"bad substitution '{m.Value}': expected ${{ENV:NAME}} or ${{ENV:NAME:-default}}";
                return m.Value;
            }

            var name = reference.Groups[1].Value;
            var found = lookup(name);
            if (found is not null)
            {
                return found;
            }

            if (reference.Groups[2].Success)
            {
                return reference.Groups[2].Value;
            }

            failure ??= $"environment variable {name} is not set";
            return m.Value;
        });
        error = failure;
        return failure is null ? result : null;
    }
}
