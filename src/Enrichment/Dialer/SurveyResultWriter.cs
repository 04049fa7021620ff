using Middleware.Enrichment.Ivr;

namespace Middleware.Enrichment.Dialer;

/// <summary>Writes each survey score as a note on the customer in the CRM, through the write-back gate.</summary>
public sealed class SurveyResultWriter(string crmTarget) : IvrNoteWriter<SurveyResultWriter.Respondent>(crmTarget, "survey")
{
    public override string Name => "survey-result";

    // Outbound: the customer is the dialed number, passed in the URL; the caller id is the campaign's.
    protected override Respondent? CustomerOf(IvrSessionStarted started) =>
        (started.Arguments.GetValueOrDefault("number") ?? started.CallerNumber) is { Length: > 0 } number
            ? new Respondent(number, started.Arguments.GetValueOrDefault("campaign"))
            : null;

    protected override (string Number, string Text, string Reason)? NoteFor(IvrStep step, Respondent who) =>
        step is { Action: "survey-score", Detail: { } score }
            ? (who.Number, $"Satisfaction survey{(who.Campaign is null ? "" : $" ({who.Campaign})")}: {score}/5", "outbound survey answered")
            : null;

    public sealed record Respondent(string Number, string? Campaign);
}
