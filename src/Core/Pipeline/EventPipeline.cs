using System.Collections.Frozen;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Core.CallState;
using Middleware.Core.Privacy;

namespace Middleware.Core.Pipeline;

/// <summary>
/// Journals every event, then processes it on the lane its call hashes to: call state first, then
/// the enrichers subscribed to its kind, then the sinks. Derived events are journaled and processed
/// right after the event that caused them, on the same lane, so a call's story stays in order.
/// </summary>
public sealed class EventPipeline : IEventPublisher, IAsyncDisposable
{
    private const int MaxDerivationDepth = 8;

    private readonly PipelineOptions _options;
    private readonly IEventJournal _journal;
    private readonly EventFactory _factory;
    private readonly WriteBackGate? _gate;
    private readonly ILogger _logger;
    private readonly Channel<PipelineItem>[] _lanes;
    private readonly FrozenDictionary<string, IEnricher[]> _enrichersByKind;
    private readonly IEnricher[] _wildcardEnrichers;
    private readonly FrozenDictionary<string, IEventSink[]> _sinksByKind;
    private readonly IEventSink[] _wildcardSinks;
    private readonly SafeInvoker _invoker;
    private readonly EnvelopeRedactor? _redactor;
    private readonly CancellationTokenSource _abort = new();
    private Task[] _workers = [];

    public EventPipeline(
        PipelineOptions options,
        IEventJournal journal,
        CallStateStore state,
        EventFactory factory,
        IEnumerable<IEnricher>? enrichers = null,
        IEnumerable<IEventSink>? sinks = null,
        WriteBackGate? gate = null,
        ILogger? logger = null,
        ITextRedactor? redactor = null)
    {
        _options = options.Clone();
        _journal = journal;
        State = state;
        _factory = factory;
        _gate = gate;
        _logger = logger ?? NullLogger.Instance;
        _redactor = redactor is null or NoRedaction ? null : new EnvelopeRedactor(redactor);
        _lanes = new Channel<PipelineItem>[_options.EffectivePartitions];
        for (var i = 0; i < _lanes.Length; i++)
        {
            _lanes[i] = Channel.CreateBounded<PipelineItem>(new BoundedChannelOptions(_options.Capacity)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.Wait,
            });
        }

        (_enrichersByKind, _wildcardEnrichers) = ByKind(enrichers, e => e.Kinds);
        (_sinksByKind, _wildcardSinks) = ByKind(sinks, s => s.Kinds);
        _invoker = new SafeInvoker(Metrics, _logger, _options.EnricherTimeout, factory.Time);

        // The gate publishes its outcomes into this pipeline; handed over here, once, so nothing has to
        // stand in for the pipeline while the two are built.
        _gate?.Attach(this);
    }

    /// <summary>Who subscribed to each kind, looked up once per event; a kind not in the table (none today) gets the "*" subscribers.</summary>
    private static (FrozenDictionary<string, T[]> ByKind, T[] Wildcard) ByKind<T>(IEnumerable<T>? subscribers, Func<T, IReadOnlyCollection<string>> kinds)
    {
        var all = (subscribers ?? []).ToArray();
        return (EventKinds.All.ToFrozenDictionary(kind => kind, kind => all.Where(s => kinds(s).Contains("*") || kinds(s).Contains(kind)).ToArray()),
            all.Where(s => kinds(s).Contains("*")).ToArray());
    }

    public CallStateStore State { get; }

    public PipelineMetrics Metrics { get; } = new();

    public int Lanes => _lanes.Length;

    /// <summary>Events queued on all lanes right now.</summary>
    public int QueueDepth => _lanes.Sum(l => l.Reader.Count);

    public void Start()
    {
        _workers = _lanes.Select(lane => Task.Run(() => RunLaneAsync(lane.Reader))).ToArray();
    }

    public ValueTask PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken = default) =>
        PublishBatchAsync([envelope], cancellationToken);

    public async ValueTask PublishBatchAsync(IReadOnlyList<EventEnvelope> batch, CancellationToken cancellationToken = default)
    {
        // Personal data is replaced before the journal sees the event, so no store and no consumer ever does.
        batch = _redactor?.Redact(batch) ?? batch;
        var journaled = JournaledPart(batch);
        IReadOnlyList<AppendResult> results = [];
        if (journaled.Count > 0)
        {
            try
            {
                results = await _journal.AppendBatchAsync(journaled, cancellationToken).ConfigureAwait(false);
            }
            catch (JournalAppendException)
            {
                Metrics.CountJournalFailure(journaled.Count);
                throw; // the publisher still holds the events; it must not treat them as accepted
            }
        }

        var r = 0;
        foreach (var envelope in batch)
        {
            if (ReferenceEquals(journaled, batch) || _options.PolicyFor(envelope.Kind).Journal)
            {
                if (!results[r++].Inserted)
                {
                    Metrics.CountDuplicate(); // already journaled and processed once: never twice
                    continue;
                }
            }

            await DispatchAsync(envelope, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Queues an already-journaled event (replay, benchmarks) on its call's lane, by the kind's overload policy.</summary>
    public ValueTask DispatchAsync(EventEnvelope envelope, CancellationToken cancellationToken = default)
    {
        Metrics.CountReceived(envelope.Source, envelope.Kind);
        var lane = _lanes[(int)((uint)envelope.PartitionKey.GetHashCode() % (uint)_lanes.Length)].Writer;
        var item = new PipelineItem(envelope, Stopwatch.GetTimestamp());
        if (lane.TryWrite(item))
        {
            return ValueTask.CompletedTask;
        }

        if (_options.PolicyFor(envelope.Kind).Overload == OverloadPolicy.Shed)
        {
            Metrics.CountShed(envelope.Kind);
            return ValueTask.CompletedTask;
        }

        return WriteSlowAsync(lane, item, cancellationToken);
    }

    private async ValueTask WriteSlowAsync(ChannelWriter<PipelineItem> lane, PipelineItem item, CancellationToken cancellationToken)
    {
        try
        {
            await lane.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // Stopping: the event is journaled, so a restart or replay still sees it.
            _logger.LogDebug("pipeline stopped; {Kind} {EventId} journaled but not processed", item.Envelope.Kind, item.Envelope.Id);
        }
    }

    private IReadOnlyList<EventEnvelope> JournaledPart(IReadOnlyList<EventEnvelope> batch)
    {
        foreach (var e in batch)
        {
            if (!_options.PolicyFor(e.Kind).Journal)
            {
                return batch.Where(x => _options.PolicyFor(x.Kind).Journal).ToList();
            }
        }

        return batch;
    }

    private async Task RunLaneAsync(ChannelReader<PipelineItem> reader)
    {
        var context = new EnrichmentContext(State, _factory, _gate);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                try
                {
                    await ProcessAsync(item.Envelope, context, depth: 0).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    // Only a bug in the pipeline itself lands here; the lane must survive it.
                    _logger.LogError(ex, "pipeline failed on {Kind} {EventId}", item.Envelope.Kind, item.Envelope.Id);
                }

                Metrics.ProcessingLatency.Record(Stopwatch.GetElapsedTime(item.QueuedAt));
                Metrics.CountProcessed();
            }
        }
    }

    private async ValueTask ProcessAsync(EventEnvelope envelope, EnrichmentContext context, int depth)
    {
        State.Apply(envelope);
        context.Clear();
        var enrichers = _enrichersByKind.TryGetValue(envelope.Kind, out var subscribed) ? subscribed : _wildcardEnrichers;
        foreach (var enricher in enrichers)
        {
            context.Begin(envelope, enricher.Name);
            string? error;
            try
            {
                error = await _invoker.InvokeAsync(enricher.Name, envelope, enricher.EnrichAsync(envelope, context, _abort.Token)).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                error = _invoker.Report(enricher.Name, envelope, ex);
            }

            if (error is not null && envelope.Payload is not EnricherFailed)
            {
                context.Begin(envelope, "pipeline");
                context.Emit(new EnricherFailed(enricher.Name, envelope.Kind, error));
            }
        }

        var sinks = _sinksByKind.TryGetValue(envelope.Kind, out var wanting) ? wanting : _wildcardSinks;
        foreach (var sink in sinks)
        {
            try
            {
                await _invoker.InvokeAsync(sink.Name, envelope, sink.OnEventAsync(envelope, _abort.Token)).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _invoker.Report(sink.Name, envelope, ex);
            }
        }

        if (context.Emitted.Count == 0)
        {
            return;
        }

        var derived = context.Emitted.Select(d => _redactor?.Redact(d) ?? d).ToArray();
        if (depth >= MaxDerivationDepth)
        {
            _logger.LogError("derivation deeper than {Depth} from {EventId}: {Count} derived event(s) dropped", MaxDerivationDepth, envelope.Id, derived.Length);
            return;
        }

        try
        {
            await _journal.AppendBatchAsync(derived).ConfigureAwait(false);
        }
        catch (JournalAppendException ex)
        {
            Metrics.CountJournalFailure(derived.Length);
            _logger.LogError(ex, "derived events of {EventId} not journaled, so not acted on", envelope.Id);
            return;
        }

        foreach (var d in derived)
        {
            if (d.Payload is WriteBackRequested)
            {
                _gate?.Submit(d);
            }

            await ProcessAsync(d, context, depth + 1).ConfigureAwait(false);
        }
    }

    /// <summary>Stops taking events, drains every lane, then lets in-flight write-backs finish.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        foreach (var lane in _lanes)
        {
            lane.Writer.TryComplete();
        }

        try
        {
            await Task.WhenAll(_workers).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
            throw;
        }

        if (_gate is not null)
        {
            await _gate.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _abort.Dispose();
    }
}
