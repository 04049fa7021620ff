namespace Middleware.Enrichment.Ivr;

/// <summary>
/// Remembers who an IVR application's caller is for the length of its session and writes a note on
/// that customer in the CRM when one of the session's steps calls for it, through the write-back gate
/// (mode, allow-list, journal, retried until the CRM acknowledges). The agent's screen-pop shows it.
/// </summary>
/// <typeparam name="TCustomer">What the writer keeps from the session's start to write the note.</typeparam>
public abstract class IvrNoteWriter<TCustomer>(string crmTarget, string application) : IEnricher
    where TCustomer : class
{
    private readonly ConcurrentDictionary<string, TCustomer> _sessions = new(StringComparer.Ordinal);

    public abstract string Name { get; }

    public IReadOnlyCollection<string> Kinds { get; } = [EventKinds.IvrSessionStarted, EventKinds.IvrStep, EventKinds.IvrSessionEnded];

    /// <summary>The customer a session is about, or default when there is none to write to.</summary>
    protected abstract TCustomer? CustomerOf(IvrSessionStarted started);

    /// <summary>The note a step calls for (null: none): the customer's number, the text and the reason the gate journals.</summary>
    protected abstract (string Number, string Text, string Reason)? NoteFor(IvrStep step, TCustomer customer);

    public ValueTask EnrichAsync(EventEnvelope envelope, EnrichmentContext context, CancellationToken cancellationToken)
    {
        if (envelope.CallId is not { } callId)
        {
            return ValueTask.CompletedTask;
        }

        switch (envelope.Payload)
        {
            case IvrSessionStarted started when started.Application == application && CustomerOf(started) is { } customer:
                _sessions[callId] = customer;
                break;
            case IvrStep step when step.Application == application && _sessions.TryGetValue(callId, out var customer) && NoteFor(step, customer) is { } note:
                context.RequestWriteBack(crmTarget, "AddNote", new Dictionary<string, string>
                {
                    ["customerNumber"] = note.Number,
                    ["text"] = note.Text,
                }, note.Reason);
                break;
            case IvrSessionEnded ended when ended.Application == application:
                _sessions.TryRemove(callId, out _);
                break;
        }

        return ValueTask.CompletedTask;
    }
}
