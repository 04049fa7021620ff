namespace Middleware.Core.Privacy;

/// <summary>
/// The one seam every piece of free text (transcripts, ticket summaries, notes, IVR input) passes
/// through before it is journaled, published to the broker or written to a CRM. Implementations
/// replace personal data with typed placeholders such as <c>[CARD]</c> or <c>[CN_ID]</c>; they
/// must be thread-safe, never throw on any input, and return the text unchanged (same instance)
/// when nothing was found, so the common case costs no allocation.
/// </summary>
public interface ITextRedactor
{
    /// <param name="language">"zh", "en" or null when unknown (then every language's rules apply).</param>
    RedactionResult Redact(string text, string? language = null);
}

/// <param name="Text">The text with every finding replaced by its placeholder.</param>
/// <param name="Findings">What was replaced, by type and position in the original text; empty when nothing was.</param>
public sealed record RedactionResult(string Text, IReadOnlyList<RedactionFinding> Findings)
{
    public bool Changed => Findings.Count > 0;

    public static RedactionResult Unchanged(string text) => new(text, []);
}

/// <param name="Type">The placeholder's type: CARD, CN_ID, CVV, EXPIRY, PHONE, EMAIL...</param>
/// <param name="Start">Offset of the finding in the original text (UTF-16 code units).</param>
/// <param name="Length">Its length in the original text.</param>
public readonly record struct RedactionFinding(string Type, int Start, int Length);

/// <summary>Redacts nothing: the seam's default until a privacy policy is configured.</summary>
public sealed class NoRedaction : ITextRedactor
{
    public static readonly NoRedaction Instance = new();

    public RedactionResult Redact(string text, string? language = null) => RedactionResult.Unchanged(text);
}
