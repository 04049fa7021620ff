namespace Middleware.Enrichment.Ivr;

/// <summary>
/// When the IVR hands a caller to an agent, writes what the IVR already learned as a note on the
/// customer in the CRM: the agent's screen-pop shows it and the caller is not asked again.
/// </summary>
public sealed class IvrTransferNoteWriter(string crmTarget) : IvrNoteWriter<string>(crmTarget, "ivr")
{
    public override string Name => "ivr-transfer-note";

    protected override string? CustomerOf(IvrSessionStarted started) => started.CallerNumber is { Length: > 0 } caller ? caller : null;

    protected override (string Number, string Text, string Reason)? NoteFor(IvrStep step, string customer) =>
        step is { Action: "transfer", Detail: { } summary } ? (customer, $"IVR transfer: {summary}", "IVR handed the caller to an agent") : null;
}
