using Middleware.Core.Events;
using Middleware.Core.Numbers;
using Middleware.Core.Pipeline;

namespace Middleware.Enrichment.Ticketing;

/// <summary>
/// Drafts a callback ticket, with an SLA due time, for every caller who gave up in a queue:
/// the call center's most common lost opportunity, and one the legacy ACD does not track.
/// </summary>
public sealed class CallbackTicketDrafter(TicketingOptions options) : IEnricher
{
    private readonly TimeSpan _sla = options.CallbackSla;
    private readonly TimeSpan _vipSla = options.VipCallbackSla;
    private readonly PhoneNumberSet _vips = new(options.VipNumbers);

    public string Name => "ticketing";

    public IReadOnlyCollection<string> Kinds { get; } = [EventKinds.CallDequeued];

    public ValueTask EnrichAsync(EventEnvelope envelope, EnrichmentContext context, CancellationToken cancellationToken)
    {
        if (envelope.Payload is not CallDequeued { Reason: DequeueReason.Abandoned } abandoned || context.Call?.Snapshot() is not { } call)
        {
            return ValueTask.CompletedTask;
        }

        var number = call.CallerNumber;
        var vip = _vips.Contains(number);
        var due = envelope.OccurredAt + (vip ? _vipSla : _sla);
        var who = call.CallerName is { } name ? $"{name} ({number})" : number ?? "unknown caller";
        context.Emit(new TicketDraft(
            $"Call back {who}",
            "callback",
            vip ? "high" : "normal",
            $"{who} abandoned queue {abandoned.Queue} after {abandoned.WaitSeconds:0} s waiting" + (vip ? "; VIP caller" : ""),
            number,
            due));
        return ValueTask.CompletedTask;
    }
}
