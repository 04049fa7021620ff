namespace Middleware.Enrichment.Text;

/// <summary>
/// Records of a CSV file as RFC 4180 defines them: comma-separated fields, a field in double quotes
/// may hold commas, line breaks and doubled quotes. Reports the line each record starts on. An
/// unterminated quote is reported and ends the file instead of swallowing it silently.
/// </summary>
public static class CsvReader
{
    public static IEnumerable<(int Line, List<string> Fields)> Records(TextReader reader, char separator, List<string> problems)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var start = 1;
        var quoted = false;
        var any = false;
        int read;
        while ((read = reader.Read()) >= 0)
        {
            var c = (char)read;
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            if (c == '"' && field.Length == 0)
            {
                quoted = true;
                any = true;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
                any = true;
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                if (any || field.Length > 0)
                {
                    fields.Add(field.ToString());
                    yield return (start, fields);
                    fields = [];
                }

                field.Clear();
                any = false;
                line++;
                start = line;
            }
            else
            {
                field.Append(c);
                any = true;
            }
        }

        if (quoted)
        {
            problems.Add($"line {start}: quoted field not closed before the end of the file; record dropped");
            yield break;
        }

        if (any || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return (start, fields);
        }
    }
}
