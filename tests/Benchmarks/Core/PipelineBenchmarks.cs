using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Middleware.Core.CallState;
using Middleware.Core.Events;
using Middleware.Core.Pipeline;

namespace Middleware.Benchmarks.Core;

/// <summary>
/// Pipeline throughput with three no-op enrichers: events for 1,000 concurrent calls, through call
/// state, enrichers and lanes. Baseline: the same events through one bare bounded channel. Two
/// breakdown rows take parts away (the enrichers; all lanes but one) to show where the time goes.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class PipelineBenchmarks
{
    private const int Events = 100_000;
    private EventEnvelope[] _events = [];
    private EventPipeline _pipeline = null!;
    private EventPipeline _stateOnly = null!;
    private EventPipeline _oneLane = null!;

    [GlobalSetup]
    public void Setup()
    {
        var factory = new EventFactory(TimeProvider.System);
        _events = Enumerable.Range(0, Events)
            .Select(i => factory.Create("bench", "call-" + (i % 1000), (i / 1000) % 2 == 0 ? new CallHeld("1001") : new CallResumed("1001")))
            .ToArray();
        _pipeline = new EventPipeline(new PipelineOptions(), new NullJournal(), new CallStateStore(), factory,
            [new NoOpEnricher("a"), new NoOpEnricher("b"), new NoOpEnricher("c")]);
        _stateOnly = new EventPipeline(new PipelineOptions(), new NullJournal(), new CallStateStore(), factory);
        _oneLane = new EventPipeline(new PipelineOptions { Partitions = 1 }, new NullJournal(), new CallStateStore(), factory,
            [new NoOpEnricher("a"), new NoOpEnricher("b"), new NoOpEnricher("c")]);
        _pipeline.Start();
        _stateOnly.Start();
        _oneLane.Start();
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _pipeline.StopAsync();
        await _stateOnly.StopAsync();
        await _oneLane.StopAsync();
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public Task Dispatch_through_lanes_state_and_enrichers() => DispatchAllAsync(_pipeline);

    /// <summary>Breakdown: the same lanes and call state, no enrichers.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public Task Dispatch_through_lanes_and_state_only() => DispatchAllAsync(_stateOnly);

    /// <summary>Breakdown: one lane (one reader, as the baseline has) with state and the three enrichers.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public Task Dispatch_through_one_lane_state_and_enrichers() => DispatchAllAsync(_oneLane);

    private async Task DispatchAllAsync(EventPipeline pipeline)
    {
        var target = pipeline.Metrics.Processed + Events;
        foreach (var e in _events)
        {
            await pipeline.DispatchAsync(e);
        }

        while (pipeline.Metrics.Processed < target)
        {
            await Task.Yield();
        }
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task Publish_in_batches_of_32_with_a_null_journal()
    {
        var target = _pipeline.Metrics.Processed + Events;
        for (var i = 0; i < Events; i += 32)
        {
            await _pipeline.PublishBatchAsync(new ArraySegment<EventEnvelope>(_events, i, Math.Min(32, Events - i)));
        }

        while (_pipeline.Metrics.Processed < target)
        {
            await Task.Yield();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public async Task Bare_channel()
    {
        var channel = Channel.CreateBounded<EventEnvelope>(new BoundedChannelOptions(10_000) { SingleReader = true });
        var reader = Task.Run(async () =>
        {
            var n = 0;
            await foreach (var _ in channel.Reader.ReadAllAsync())
            {
                n++;
            }

            return n;
        });
        foreach (var e in _events)
        {
            await channel.Writer.WriteAsync(e);
        }

        channel.Writer.Complete();
        await reader;
    }

    private sealed class NoOpEnricher(string name) : IEnricher
    {
        public string Name => name;

        public IReadOnlyCollection<string> Kinds { get; } = ["*"];

        public ValueTask EnrichAsync(EventEnvelope envelope, EnrichmentContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
