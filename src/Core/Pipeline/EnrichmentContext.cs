using Middleware.Core.CallState;

namespace Middleware.Core.Pipeline;

/// <summary>
/// What an enricher may see and do while handling one event. One instance per partition worker,
/// reused for every event, so using it costs no allocation.
/// </summary>
public sealed class EnrichmentContext
{
    private readonly List<EventEnvelope> _emitted = [];
    private readonly EventFactory _factory;
    private EventEnvelope _current = null!;
    private string _enricher = "";

    internal EnrichmentContext(CallStateStore state, EventFactory factory, WriteBackGate? gate)
    {
        State = state;
        _factory = factory;
        Gate = gate;
    }

    /// <summary>The live calls, queues and agents, as updated by every event up to this one.</summary>
    public CallStateStore State { get; }

    /// <summary>The current write-back mode and allow-list; null when the host runs without write-back.</summary>
    public WriteBackGate? Gate { get; }

    public TimeProvider Time => _factory.Time;

    /// <summary>The call this event belongs to, if it is tracked.</summary>
    public LiveCall? Call => _current.CallId is { } id ? State.FindCall(id) : null;

    internal IReadOnlyList<EventEnvelope> Emitted => _emitted;

    internal void Begin(EventEnvelope current, string enricher)
    {
        _current = current;
        _enricher = enricher;
    }

    internal void Clear() => _emitted.Clear();

    /// <summary>Adds a derived event about the current event's call; it is journaled and processed right after.</summary>
    public EventEnvelope Emit(DerivedEvent payload)
    {
        var envelope = _factory.Derive(_current, _enricher, payload);
        _emitted.Add(envelope);
        return envelope;
    }

    /// <summary>
    /// Asks the write-back gate to act on the outside world. The request is journaled with the
    /// other derived events; the gate then executes, or skips it by mode and allow-list.
    /// </summary>
    public EventEnvelope RequestWriteBack(string target, string action, IReadOnlyDictionary<string, string> parameters, string? reason = null)
    {
        var requestId = _factory.NewId().ToString();
        var mode = Gate?.Mode ?? WriteBackMode.Observe;
        return Emit(new WriteBackRequested(requestId, target, action, parameters, mode, reason));
    }
}
