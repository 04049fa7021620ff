namespace Middleware.Enrichment.Privacy;

/// <summary>
/// The redactor the pipeline, the CRM write-back and <c>middleware redact</c> share: resident IDs
/// (GB 11643), bank cards (Luhn), CVVs and expiry dates near their keywords, phone numbers (CN
/// mobile and landline, E.164), e-mail addresses, written or spoken, each replaced by its typed
/// placeholder. Stateless and thread-safe; never throws; returns the same string instance when nothing is found.
/// </summary>
/// <remarks>
/// The language narrows what digits can look like: "en" reads no Chinese numerals (一 is then just a
/// character); "zh" and null read Chinese numerals and English number words both, as Chinese callers
/// mix them ("卡号六二二二 three four…").
/// </remarks>
public sealed class PiiRedactor : ITextRedactor
{
    public static readonly PiiRedactor Instance = new();

    /// <summary>Scratch per thread; what is returned is always a copy.</summary>
    [ThreadStatic]
    private static List<RedactionFinding>? t_findings;

    public RedactionResult Redact(string text, string? language = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return RedactionResult.Unchanged(text ?? string.Empty);
        }

        const bool english = true; // Chinese callers read digits in English too ("CVV one two three"): code-switching is common
        var chinese = language is null || !language.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var findings = t_findings ??= new List<RedactionFinding>();
        findings.Clear();
        try
        {
            EmailDetector.Detect(text, english, chinese, findings);
            NumberDetector.Detect(text, english, chinese, findings);
        }
        catch (Exception)
        {
            // A bug here must not let personal data through, nor stop the pipeline: keep nothing of this text.
            return new RedactionResult("[REDACTED]", [new RedactionFinding("ERROR", 0, text.Length)]);
        }

        if (findings.Count == 0)
        {
            return RedactionResult.Unchanged(text);
        }

        var kept = NonOverlapping(findings);
        var output = new StringBuilder(text.Length);
        var at = 0;
        foreach (var f in kept)
        {
            output.Append(text, at, f.Start - at).Append(PiiTypes.Placeholder(f.Type));
            at = f.Start + f.Length;
        }

        output.Append(text, at, text.Length - at);
        return new RedactionResult(output.ToString(), kept);
    }

    /// <summary>In text order; where two overlap (digits inside an e-mail address) the earlier, then the longer, wins.</summary>
    private static List<RedactionFinding> NonOverlapping(List<RedactionFinding> findings)
    {
        findings.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        var kept = new List<RedactionFinding>(findings.Count);
        var end = 0;
        foreach (var f in findings)
        {
            if (f.Start >= end)
            {
                kept.Add(f);
                end = f.Start + f.Length;
            }
        }

        return kept;
    }
}
