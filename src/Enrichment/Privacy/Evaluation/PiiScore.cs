namespace Middleware.Enrichment.Privacy.Evaluation;

/// <summary>
/// Recall and precision of a redactor on labelled utterances, by span: a marked span is found when a
/// finding of its type overlaps it; a finding is right when it overlaps a marked span of its type.
/// Leaked counts marked spans no finding of any type touched (what a wrong type still hides is not a leak).
/// </summary>
public sealed class PiiScore
{
    private readonly Dictionary<string, (int Gold, int Found, int Predicted, int Right)> _byType = [];

    public int Utterances { get; private set; }

    public int Leaked { get; private set; }

    public List<string> Misses { get; } = [];

    public static PiiScore Of(IEnumerable<LabelledUtterance> utterances, ITextRedactor redactor)
    {
        var score = new PiiScore();
        foreach (var u in utterances)
        {
            score.Add(u, redactor.Redact(u.Text, u.Language));
        }

        return score;
    }

    public void Add(LabelledUtterance u, RedactionResult result)
    {
        Utterances++;
        foreach (var g in u.Gold)
        {
            var found = result.Findings.Any(f => f.Type == g.Type && Overlaps(f.Start, f.Length, g.Start, g.Length));
            Count(g.Type, gold: 1, found: found ? 1 : 0);
            if (!result.Findings.Any(f => Overlaps(f.Start, f.Length, g.Start, g.Length)))
            {
                Leaked++;
            }

            if (!found)
            {
                Misses.Add($"missed {g.Type}: {u.ToLine()} → {result.Text}");
            }
        }

        foreach (var f in result.Findings)
        {
            var right = u.Gold.Any(g => g.Type == f.Type && Overlaps(f.Start, f.Length, g.Start, g.Length));
            Count(f.Type, predicted: 1, right: right ? 1 : 0);
            if (!right)
            {
                Misses.Add($"wrong {f.Type} '{u.Text.Substring(f.Start, f.Length)}': {u.ToLine()}");
            }
        }
    }

    private void Count(string type, int gold = 0, int found = 0, int predicted = 0, int right = 0)
    {
        var c = _byType.GetValueOrDefault(type);
        _byType[type] = (c.Gold + gold, c.Found + found, c.Predicted + predicted, c.Right + right);
    }

    private static bool Overlaps(int a, int aLength, int b, int bLength) => a < b + bLength && b < a + aLength;

    public int Gold => _byType.Values.Sum(c => c.Gold);

    public double Recall => Ratio(_byType.Values.Sum(c => c.Found), Gold);

    public double Precision => Ratio(_byType.Values.Sum(c => c.Right), _byType.Values.Sum(c => c.Predicted));

    public IEnumerable<(string Type, int Gold, double Recall, int Predicted, double Precision)> ByType() =>
        _byType.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value.Gold, Ratio(p.Value.Found, p.Value.Gold), p.Value.Predicted, Ratio(p.Value.Right, p.Value.Predicted)));

    private static double Ratio(int a, int b) => b == 0 ? 1 : (double)a / b;
}
