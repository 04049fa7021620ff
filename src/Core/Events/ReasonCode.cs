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

/// <summary>
/// Every <see cref="ReasonCode.Code"/> the middleware emits. A consumer that says reasons in another
/// language needs a phrase per code (the dashboard's Chinese ones are in assets/i18n.js; a test checks
/// each code here has one).
/// </summary>
public static class ReasonCodes
{
    // routing hints (Enrichment/Routing)
    public const string SkillByDigit = "skill-by-digit";
    public const string SkillByIntent = "skill-by-intent";
    public const string SkillByLine = "skill-by-line";
    public const string SkillByQueue = "skill-by-queue";
    public const string Vip = "vip";
    public const string VipBeforeQueue = "vip-before-queue";
    public const string EscalationRisk = "escalation-risk";
    public const string RepeatCaller = "repeat-caller";
    public const string Waited = "waited";
    public const string SuggestAgent = "suggest-agent";
    public const string ThenAgent = "then-agent";
    public const string MembersFree = "members-free";
    public const string AllFreeHeld = "all-free-held";
    public const string NoneFree = "none-free";
    public const string Escalate = "escalate";

    // tickets (Enrichment/Ticketing): why a ticket, and its title
    public const string Abandoned = "abandoned";
    public const string WrapUp = "wrap-up";
    public const string Intent = "intent";
    public const string Unresolved = "unresolved";
    public const string CallBack = "call-back";
    public const string Category = "category";

    public static IReadOnlyList<string> All { get; } =
        [.. typeof(ReasonCodes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)];
}
