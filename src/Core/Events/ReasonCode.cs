using System.Globalization;

namespace Middleware.Core.Events;

/// <summary>
/// One reason for a decision as a code and the values it names. Hints and tickets carry their reasons
/// twice, in English words (what the CRM's ticket text, the PBX's <c>AI_REASON</c> and the logs get) and
/// as these codes in the same order, so the dashboard can say them in its reader's language instead of
/// parsing English. Values are formatted with the invariant culture; a value may be empty (not known).
/// </summary>
public sealed record ReasonCode(string Code, IReadOnlyDictionary<string, string> Values)
{
    public static ReasonCode Of(string code, params ReadOnlySpan<(string Name, object? Value)> values)
    {
        var map = new Dictionary<string, string>(values.Length, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            map[name] = value switch
            {
                null => "",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            };
        }

        return new ReasonCode(code, map);
    }
}

/// <summary>A decision's reasons in words and as codes, built together so the two lists stay in step.</summary>
public sealed class ReasonList
{
    private readonly List<string> _texts = [];
    private readonly List<ReasonCode> _codes = [];

    public ReasonList()
    {
    }

    public ReasonList(string text, ReasonCode code) => Add(text, code);

    public IReadOnlyList<string> Texts => _texts;

    public IReadOnlyList<ReasonCode> Codes => _codes;

    public int Count => _texts.Count;

    public ReasonList Add(string text, ReasonCode code)
    {
        _texts.Add(text);
        _codes.Add(code);
        return this;
    }

    public ReasonList Insert(int index, string text, ReasonCode code)
    {
        _texts.Insert(index, text);
        _codes.Insert(index, code);
        return this;
    }
}
