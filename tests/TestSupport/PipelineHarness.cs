using Middleware.Core.CallState;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Core.Pipeline;
using Middleware.Core.Privacy;
using Middleware.Core.WriteBack;

namespace Middleware.TestSupport;

/// <summary>A real pipeline over a real SQLite journal in a temp directory.</summary>
public sealed class PipelineHarness : IAsyncDisposable
{
    private readonly TempDirectory _dir;

    private PipelineHarness(TempDirectory dir, IEventJournal journal, EventPipeline pipeline)
    {
        _dir = dir;
        Journal = journal;
        Pipeline = pipeline;
    }

    public IEventJournal Journal { get; }

    public EventPipeline Pipeline { get; }

    public static async Task<PipelineHarness> StartAsync(
        IEnumerable<IEnricher>? enrichers = null,
        IEnumerable<IEventSink>? sinks = null,
        PipelineOptions? options = null,
        WriteBackGate? gate = null,
        EventFactory? factory = null,
        CallStateStore? state = null,
        ITextRedactor? redactor = null)
    {
        var dir = new TempDirectory();
        var journal = await SqliteJournal.OpenAsync(new JournalOptions { Path = dir.File("j.db"), Durability = JournalDurability.Normal });
        factory ??= new EventFactory(TimeProvider.System);
        var pipeline = new EventPipeline(options ?? new PipelineOptions { Partitions = 8 }, journal, state ?? new CallStateStore(), factory, enrichers, sinks, gate, redactor: redactor);
        pipeline.Start();
        return new PipelineHarness(dir, journal, pipeline);
    }

    public async Task<List<EventEnvelope>> JournaledAsync() =>
        (await Journal.ReadAfterAsync(0, 100_000)).Select(e => e.Envelope).ToList();

    public async ValueTask DisposeAsync()
    {
        await Pipeline.DisposeAsync();
        await Journal.DisposeAsync();
        _dir.Dispose();
    }
}

/// <summary>Records what it sees (of the kinds it is given; every kind by default), per call, in the order it saw it.</summary>
public sealed class RecordingSink(params string[] kinds) : IEventSink
{
    private readonly Lock _lock = new();
    private readonly List<EventEnvelope> _seen = [];

    public string Name => "recorder";

    public IReadOnlyCollection<string> Kinds { get; } = kinds.Length == 0 ? ["*"] : kinds;

    public IReadOnlyList<EventEnvelope> Seen
    {
        get
        {
            lock (_lock)
            {
                return _seen.ToList();
            }
        }
    }

    public ValueTask OnEventAsync(EventEnvelope envelope, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _seen.Add(envelope);
        }

        return ValueTask.CompletedTask;
    }
}

public sealed class DelegateEnricher(string name, string[] kinds, Func<EventEnvelope, EnrichmentContext, ValueTask> body) : IEnricher
{
    public string Name => name;

    public IReadOnlyCollection<string> Kinds => kinds;

    public ValueTask EnrichAsync(EventEnvelope envelope, EnrichmentContext context, CancellationToken cancellationToken) => body(envelope, context);
}
