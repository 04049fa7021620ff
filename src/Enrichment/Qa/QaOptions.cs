namespace Middleware.Enrichment.Qa;

/// <summary>
/// Quality assurance of every call with an agent: rule sets per language (Chinese and English
/// shipped), findings raised during the call, dimension scores and a total at its end.
/// </summary>
public sealed class QaOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>A call scoring at least this (0..100) with no finding is flagged exemplary, for training.</summary>
    public double ExemplaryAt { get; set; } = 90;

    /// <summary>One per language; a call is judged by the set of the language most of its segments are in (the first set when unknown).</summary>
    public List<QaRuleSet> RuleSets { get; set; } = [QaRuleSets.English(), QaRuleSets.Chinese()];
}

public sealed class QaRuleSet
{
    /// <summary>"en", "zh"...: matched against the transcript segments' language.</summary>
    public string Language { get; set; } = "en";

    public PhraseRule Greeting { get; set; } = new();

    /// <summary>How soon into the agent's talk the greeting must come.</summary>
    public TimeSpan GreetingWithin { get; set; } = TimeSpan.FromSeconds(15);

    public PhraseRule IdentityCheck { get; set; } = new();

    public PhraseRule Closing { get; set; } = new();

    /// <summary>How close to the end the closing must come.</summary>
    public TimeSpan ClosingWithinLast { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>Statements the agent must make (recording notice, fees...), each by name.</summary>
    public List<DisclosureRule> Disclosures { get; set; } = [];

    /// <summary>What an agent must never say.</summary>
    public List<string> Forbidden { get; set; } = [];

    public PhraseRule Politeness { get; set; } = new();

    /// <summary>Politeness markers expected per call.</summary>
    public int PolitenessMin { get; set; } = 2;

    /// <summary>The agent's share of the talk time expected between these (0..1).</summary>
    public double TalkRatioMin { get; set; } = 0.25;

    public double TalkRatioMax { get; set; } = 0.7;

    /// <summary>A gap with nobody speaking longer than this is a long silence.</summary>
    public TimeSpan MaxSilence { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Both speaking at once for longer than this in all is talk-over.</summary>
    public TimeSpan MaxTalkOver { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Weight of each dimension in the total (a dimension left out counts 1).</summary>
    public Dictionary<string, double> Weights { get; set; } = new(StringComparer.Ordinal) { ["compliance"] = 3, ["disclosures"] = 2 };
}

public sealed class PhraseRule
{
    public List<string> Phrases { get; set; } = [];
}

public sealed class DisclosureRule
{
    public string Name { get; set; } = "";

    public List<string> Phrases { get; set; } = [];
}
