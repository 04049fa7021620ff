namespace Middleware.Enrichment.Dialer;

/// <summary>Writes each survey score as a note on the customer in the CRM, through the write-back gate.</summary>
public sealed class SurveyResultWriter(string crmTarget) : IEnricher
{
    private readonly ConcurrentDictionary<string, (string Number, string? Campaign)> _sessions = new(StringComparer.Ordinal);

    public string Name => "survey-result";

    public IReadOnlyCollection<string> Kinds { get; } = [EventKinds.IvrSessionStarted, EventKinds.IvrStep, EventKinds.IvrSessionEnded];

    public ValueTask EnrichAsync(EventEnvelope envelope, EnrichmentContext context, CancellationToken cancellationToken)
    {
        if (envelope.CallId is not { } callId)
        {
            return ValueTask.CompletedTask;
        }

        switch (envelope.Payload)
        {
            case IvrSessionStarted { Application: "survey" } started:
                // Outbound: the customer is the dialed number, passed in the URL; the caller id is the campaign's.
                var number = started.Arguments.GetValueOrDefault("number") ?? started.CallerNumber;
                if (!string.IsNullOrEmpty(number))
                {
                    _sessions[callId] = (number, started.Arguments.GetValueOrDefault("campaign"));
                }

                break;
            case IvrStep { Application: "survey", Action: "survey-score", Detail: { } score } when _sessions.TryGetValue(callId, out var who):
                context.RequestWriteBack(crmTarget, "AddNote", new Dictionary<string, string>
                {
                    ["customerNumber"] = who.Number,
                    ["text"] = $"Satisfaction survey{(who.Campaign is null ? "" : $" ({who.Campaign})")}: {score}/5",
                }, "outbound survey answered");
                break;
            case IvrSessionEnded { Application: "survey" }:
                _sessions.TryRemove(callId, out _);
                break;
        }

        return ValueTask.CompletedTask;
    }
}
