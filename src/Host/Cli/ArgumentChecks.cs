using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Middleware.Host.Cli;

/// <summary>
/// Checks a verb's arguments before it starts work, so a typo fails at once with one line naming
/// the option and exit 2 (Program.cs), not with a stack trace after the whole input was read
/// (issue 16, item 12). Each check is a System.CommandLine validator on the option it guards.
/// </summary>
public static class ArgumentChecks
{
    public static Option<int> Positive(this Option<int> option) => Check(option, v => v > 0 ? null : "must be a whole number above 0");

    public static Option<int> NotNegative(this Option<int> option) => Check(option, v => v >= 0 ? null : "must be 0 or more");

    public static Option<double> Positive(this Option<double> option) =>
        Check(option, v => v > 0 && double.IsFinite(v) ? null : "must be a number above 0");

    /// <summary>A .NET regular expression (the numbers of the call center's own extensions, say).</summary>
    public static Option<string?> Regex(this Option<string?> option) => Check(option, v =>
    {
        if (v is null)
        {
            return null;
        }

        try
        {
            _ = new Regex(v, RegexOptions.None, TimeSpan.FromSeconds(1));
            return null;
        }
        catch (ArgumentException ex)
        {
            return $"'{v}' is not a regular expression: {ex.Message}";
        }
    });

    /// <summary>A UTC offset such as +08:00 or -05:30.</summary>
    public static Option<string?> UtcOffset(this Option<string?> option) =>
        Check(option, v => v is null || TryUtcOffset(v, out _) ? null : $"'{v}' is not a UTC offset (use +08:00, -05:00, 00:00)");

    public static bool TryUtcOffset(string text, out TimeSpan offset)
    {
        offset = default;
        var negative = text.StartsWith('-');
        if (!TimeSpan.TryParseExact(text.TrimStart('+', '-'), ["hh\\:mm", "h\\:mm", "hh"], CultureInfo.InvariantCulture, out var value) || value > TimeSpan.FromHours(14))
        {
            return false;
        }

        offset = negative ? -value : value;
        return true;
    }

    /// <summary>A directory the verb will write into: created now if missing, and writable.</summary>
    public static Option<DirectoryInfo?> WritableDirectory(this Option<DirectoryInfo?> option) =>
        Check(option, v => v is null ? null : Writable(v.FullName));

    /// <summary>A file the verb will write: its directory is created now if missing, and must be writable.</summary>
    public static Option<FileInfo> WritableFile(this Option<FileInfo> option) =>
        Check(option, v => v is null ? null : Writable(Path.GetDirectoryName(v.FullName)!));

    /// <summary>An existing SQLite journal (the file begins with SQLite's header), for the verbs that read one.</summary>
    public static T Journal<T>(this T symbol)
        where T : Symbol
    {
        void Validate(SymbolResult result, FileInfo? file)
        {
            if (file is null)
            {
                return;
            }

            if (!file.Exists)
            {
                result.AddError($"{symbol.Name}: no such journal: {file.FullName}");
                return;
            }

            Span<byte> header = stackalloc byte[16];
            using var stream = file.OpenRead();
            if (stream.ReadAtLeast(header, 16, throwOnEndOfStream: false) < 16 || !header.SequenceEqual("SQLite format 3\0"u8))
            {
                result.AddError($"{symbol.Name}: {file.FullName} is not a SQLite journal");
            }
        }

        switch (symbol)
        {
            case Option<FileInfo> option:
                option.Validators.Add(r => Validate(r, r.GetValueOrDefault<FileInfo?>()));
                break;
            case Argument<FileInfo> argument:
                argument.Validators.Add(r => Validate(r, r.GetValueOrDefault<FileInfo?>()));
                break;
        }

        return symbol;
    }

    private static Option<T> Check<T>(Option<T> option, Func<T, string?> problem)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0 && result.Implicit)
            {
                return; // the default value: ours, and right
            }

            if (problem(result.GetValueOrDefault<T>()!) is { } message)
            {
                result.AddError($"{option.Name}: {message}");
            }
        });
        return option;
    }

    private static string? Writable(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            using var probe = new FileStream(Path.Combine(directory, $".middleware-write-check-{Environment.ProcessId}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return $"cannot write in {directory}: {ex.Message}";
        }
    }
}
