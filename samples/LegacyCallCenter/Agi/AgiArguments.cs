using System.Text;

namespace Middleware.Samples.Agi;

/// <summary>
/// Splits a command line as res_agi's parse_args does: spaces and tabs separate words, double
/// quotes group them, a backslash makes the next character literal.
/// </summary>
public static class AgiArguments
{
    public static List<string> Split(string line)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        bool quoted = false, escaped = false, inWord = false;
        foreach (var c in line)
        {
            if (escaped)
            {
                current.Append(c);
                escaped = false;
                inWord = true;
                continue;
            }

            switch (c)
            {
                case '\\':
                    escaped = true;
                    break;
                case '"':
                    quoted = !quoted;
                    inWord = true; // "" is an empty word
                    break;
                case ' ' or '\t' when !quoted:
                    if (inWord)
                    {
                        words.Add(current.ToString());
                        current.Clear();
                        inWord = false;
                    }

                    break;
                default:
                    current.Append(c);
                    inWord = true;
                    break;
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
