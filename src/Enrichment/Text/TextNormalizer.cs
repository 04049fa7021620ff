namespace Middleware.Enrichment.Text;

/// <summary>
/// Folds what should not make two texts different: full-width ASCII forms (U+FF01..U+FF5E, as
/// Chinese input methods type them) to ASCII, the ideographic space to a space, case, every digit
/// to 0 (amounts and order numbers vary, their presence matters), runs of white space to one,
/// control characters to a space. Writes into the caller's buffer: no allocation.
/// </summary>
public static class TextNormalizer
{
    /// <returns>The number of characters written to <paramref name="destination"/> (at most its length).</returns>
    public static int Normalize(ReadOnlySpan<char> text, Span<char> destination)
    {
        var n = 0;
        var space = true; // leading white space dropped
        foreach (var raw in text)
        {
            if (n == destination.Length)
            {
                break;
            }

            var c = raw;
            if (c is >= '\uFF01' and <= '\uFF5E')
            {
                c = (char)(c - 0xFEE0);
            }
            else if (c == '\u3000')
            {
                c = ' ';
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (!space)
                {
                    destination[n++] = ' ';
                    space = true;
                }

                continue;
            }

            space = false;
            destination[n++] = char.IsDigit(c) ? '0' : char.ToLowerInvariant(c);
        }

        if (n > 0 && destination[n - 1] == ' ')
        {
            n--;
        }

        return n;
    }
}
