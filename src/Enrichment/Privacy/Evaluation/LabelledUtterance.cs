namespace Middleware.Enrichment.Privacy.Evaluation;

/// <param name="Start">Offset in <see cref="LabelledUtterance.Text"/>.</param>
public readonly record struct GoldSpan(string Type, int Start, int Length);

/// <summary>
/// One utterance with the personal data in it marked. Written as a line with the spans inline,
/// <c>my card is [[CARD:6222 0212 3456 7894]] thanks</c>, the format of the generator's output and the
/// hand-written set (samples/privacy/pii-handwritten.txt), so both are read and scored alike.
/// </summary>
public sealed record LabelledUtterance(string Language, string Text, IReadOnlyList<GoldSpan> Gold)
{
    /// <summary>"en\t…" or "zh\t…"; null for a blank or comment (#) line, or one whose markup does not close.</summary>
    public static LabelledUtterance? Parse(string line)
    {
        if (line.Length < 4 || line[0] == '#' || line[2] != '\t')
        {
            return null;
        }

        var text = new StringBuilder(line.Length);
        var gold = new List<GoldSpan>();
        var i = 3;
        while (i < line.Length)
        {
            var open = line.IndexOf("[[", i, StringComparison.Ordinal);
            if (open < 0)
            {
                text.Append(line, i, line.Length - i);
                break;
            }

            var colon = line.IndexOf(':', open);
            var close = line.IndexOf("]]", open, StringComparison.Ordinal);
            if (colon < 0 || close < colon)
            {
                return null;
            }

            text.Append(line, i, open - i);
            var value = line[(colon + 1)..close];
            gold.Add(new GoldSpan(line[(open + 2)..colon], text.Length, value.Length));
            text.Append(value);
            i = close + 2;
        }

        return new LabelledUtterance(line[..2], text.ToString(), gold);
    }

    public string ToLine()
    {
        var line = new StringBuilder(Language).Append('\t');
        var at = 0;
        foreach (var g in Gold.OrderBy(g => g.Start))
        {
            line.Append(Text, at, g.Start - at).Append("[[").Append(g.Type).Append(':').Append(Text, g.Start, g.Length).Append("]]");
            at = g.Start + g.Length;
        }

        return line.Append(Text, at, Text.Length - at).ToString();
    }
}
