namespace Middleware.Enrichment.Ivr;

/// <summary>
/// When the IVR hands a caller to an agent, writes what the IVR already learned as a note on the
/// customer in the CRM, through the write-back gate (mode, allow-list, journal, retried until the
/// CRM acknowledges). The agent's screen-pop shows it; the caller is not asked again.
/// </summary>
public sealed class IvrTransferNoteWriter(string crmTarget) : IEnricher
{
    private readonly ConcurrentDictionary<string, string> _callers = new(StringComparer.Ordinal);

    public string Name => "ivr-transfer-note";

    public IReadOnlyCollection<string> Kinds { get; } = [EventKinds.IvrSessionStarted, EventKinds.IvrStep, EventKinds.IvrSessionEnded];

    public ValueTask EnrichAsync(EventEnvelope envelope, EnrichmentContext context, CancellationToken cancellationToken)
    {
        if (envelope.CallId is not { } callId)
        {
            return ValueTask.CompletedTask;
        }

        switch (envelope.Payload)
        {
            case IvrSessionStarted { Application: "ivr", CallerNumber: { Length: > 0 } caller }:
                _callers[callId] = caller;
                break;
            case IvrStep { Action: "transfer", Detail: { } summary } when _callers.TryGetValue(callId, out var number):
                context.RequestWriteBack(crmTarget, "AddNote", new Dictionary<string, string>
                {
                    ["customerNumber"] = number,
                    ["text"] = $"IVR transfer: {summary}",
                }, "IVR handed the caller to an agent");
                break;
            case IvrSessionEnded:
                _callers.TryRemove(callId, out _);
                break;
        }

        return ValueTask.CompletedTask;
    }
}
