namespace Middleware.Adapters.FastAgi.Protocol;

/// <summary>
/// Writes AGI command lines as res_agi's parse_args reads them: words separated by spaces, a word
/// with spaces, quotes or backslashes (or an empty one) in double quotes with '"' and '\' escaped
/// by a backslash. A line ends with "\n". A newline inside an argument would start a second
/// command, so it is refused rather than sent.
/// </summary>
public static class AgiCommand
{
    public static string Answer() => "ANSWER";

    public static string StreamFile(string file, string escapeDigits) => Line("STREAM FILE", file, escapeDigits);

    public static string GetData(string file, TimeSpan timeout, int maxDigits) =>
        Line("GET DATA", file, ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), maxDigits.ToString(CultureInfo.InvariantCulture));

    public static string SayDigits(string digits, string escapeDigits = "") => Line("SAY DIGITS", digits, escapeDigits);

    public static string SayNumber(long number, string escapeDigits = "") => Line("SAY NUMBER", number.ToString(CultureInfo.InvariantCulture), escapeDigits);

    public static string SetVariable(string name, string value) => Line("SET VARIABLE", name, value);

    public static string GetVariable(string name) => Line("GET VARIABLE", name);

    /// <summary>EXEC takes the application's options as one word (commas separate them inside it).</summary>
    public static string Exec(string application, string options) => Line("EXEC", application, options);

    public static string Verbose(string message, int level) => Line("VERBOSE", message, level.ToString(CultureInfo.InvariantCulture));

    public static string Hangup() => "HANGUP";

    /// <summary>The command words as given, then each argument quoted when it needs to be.</summary>
    public static string Line(string command, params string[] arguments)
    {
        var line = new StringBuilder(command);
        foreach (var argument in arguments)
        {
            if (argument.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new ArgumentException($"AGI argument holds a line break, which would end the command: '{argument.ReplaceLineEndings(" ")}'", nameof(arguments));
            }

            line.Append(' ');
            if (argument.Length > 0 && argument.AsSpan().IndexOfAny(" \t\"\\") < 0)
            {
                line.Append(argument);
                continue;
            }

            line.Append('"');
            foreach (var c in argument)
            {
                if (c is '"' or '\\')
                {
                    line.Append('\\');
                }

                line.Append(c);
            }

            line.Append('"');
        }

        return line.ToString();
    }
}
