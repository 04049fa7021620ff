using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Core.Pipeline;
using Middleware.TestSupport;

namespace Middleware.Core.Tests.Pipeline;

public class EventPipelineTests
{
    [Fact]
    public async Task Each_calls_events_are_processed_in_order_while_calls_run_in_parallel()
    {
        var sink = new RecordingSink();
        await using var h = await PipelineHarness.StartAsync(sinks: [sink]);
        var publishers = Enumerable.Range(0, 50).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                await h.Pipeline.PublishAsync(TestEvents.Make("call-" + c, new DtmfReceived((i % 10).ToString(), null, i)));
            }
        }));
        await Task.WhenAll(publishers);
        await h.Pipeline.StopAsync();

        Assert.Equal(2000, sink.Seen.Count);
        foreach (var call in sink.Seen.GroupBy(e => e.CallId))
        {
            Assert.Equal(Enumerable.Range(0, 40), call.Select(e => ((DtmfReceived)e.Payload).DurationMs!.Value));
        }
    }

    [Fact]
    public async Task A_throwing_or_hanging_enricher_is_isolated_reported_and_the_rest_run()
    {
        var sink = new RecordingSink();
        var good = 0;
        var hang = new TaskCompletionSource();
        IEnricher[] enrichers =
        [
            new DelegateEnricher("throws-sync", [EventKinds.CallStarted], (_, _) => throw new InvalidOperationException("sync boom")),
            new DelegateEnricher("throws-async", [EventKinds.CallStarted], async (_, _) =>
            {
                await Task.Yield();
                throw new InvalidOperationException("async boom");
            }),
            new DelegateEnricher("hangs", [EventKinds.CallStarted], (_, _) => new ValueTask(hang.Task)),
            new DelegateEnricher("good", [EventKinds.CallStarted], (_, _) =>
            {
                Interlocked.Increment(ref good);
                return ValueTask.CompletedTask;
            }),
        ];
        await using var h = await PipelineHarness.StartAsync(enrichers, [sink], new PipelineOptions { Partitions = 2, EnricherTimeout = TimeSpan.FromMilliseconds(200) });

        await h.Pipeline.PublishAsync(TestEvents.Started("c1"));
        await h.Pipeline.PublishAsync(TestEvents.Started("c2"));
        await h.Pipeline.StopAsync();

        Assert.Equal(2, good);
        var failures = (await h.JournaledAsync()).Select(e => e.Payload).OfType<EnricherFailed>().ToList();
        Assert.Equal(6, failures.Count);
        Assert.Contains(failures, f => f.Enricher == "hangs" && f.Error.Contains("timed out", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Enricher == "throws-async" && f.Error.Contains("async boom", StringComparison.Ordinal));
        Assert.Equal(2, h.Pipeline.Metrics.EnricherFailures["throws-sync"]);
        Assert.Equal(2, sink.Seen.Count(e => e.Kind == EventKinds.CallStarted));
        hang.SetResult();
    }

    [Fact]
    public async Task Derived_events_are_journaled_caused_by_their_trigger_and_processed_right_after_it()
    {
        var sink = new RecordingSink();
        var enricher = new DelegateEnricher("hinter", [EventKinds.CallQueued], (e, ctx) =>
        {
            ctx.Emit(new RoutingHint("prioritize", "support", null, 5, ["test"]));
            return ValueTask.CompletedTask;
        });
        await using var h = await PipelineHarness.StartAsync([enricher], [sink]);
        var queued = TestEvents.Make("c1", new CallQueued("support", 1, 1));

        await h.Pipeline.PublishBatchAsync([TestEvents.Started("c1"), queued, TestEvents.Ended("c1")]);
        await h.Pipeline.StopAsync();

        Assert.Equal(
            [EventKinds.CallStarted, EventKinds.CallQueued, EventKinds.RoutingHint, EventKinds.CallEnded],
            sink.Seen.Select(e => e.Kind));
        var hint = (await h.JournaledAsync()).Single(e => e.Kind == EventKinds.RoutingHint);
        Assert.Equal(queued.Id, hint.CausedBy);
        Assert.Equal("c1", hint.CallId);
        Assert.Equal("hinter", hint.Source);
        Assert.Single(h.Pipeline.State.GetCall("c1")!.Hints);
    }

    [Fact]
    public async Task An_event_delivered_twice_is_journaled_and_processed_once()
    {
        var sink = new RecordingSink();
        await using var h = await PipelineHarness.StartAsync(sinks: [sink]);
        var e = TestEvents.Started("c1");

        await h.Pipeline.PublishAsync(e);
        await h.Pipeline.PublishBatchAsync([e, e]);
        await h.Pipeline.StopAsync();

        Assert.Single(sink.Seen);
        Assert.Single(await h.JournaledAsync());
        Assert.Equal(2, h.Pipeline.Metrics.Duplicates);
    }

    [Fact]
    public async Task Audio_is_shed_and_counted_when_its_lane_is_full_while_signalling_waits()
    {
        var release = new TaskCompletionSource();
        var gate = new DelegateEnricher("slow", [EventKinds.CallStarted], (_, _) => new ValueTask(release.Task));
        var sink = new RecordingSink();
        var options = new PipelineOptions { Partitions = 1, Capacity = 4, EnricherTimeout = TimeSpan.FromMinutes(1) };
        await using var h = await PipelineHarness.StartAsync([gate], [sink], options);

        await h.Pipeline.PublishAsync(TestEvents.Started("c1")); // occupies the only lane
        var audio = Enumerable.Range(0, 50).Select(_ => TestEvents.Make("c1", new AudioChunk(Speaker.Caller, DateTimeOffset.UtcNow, 8000, new byte[320]))).ToList();
        foreach (var chunk in audio)
        {
            await h.Pipeline.PublishAsync(chunk);
        }

        var signalling = Enumerable.Range(0, 20).Select(i => TestEvents.Make("c1", new DtmfReceived("1", null, i))).ToList();
        var blocked = Task.Run(async () =>
        {
            foreach (var s in signalling)
            {
                await h.Pipeline.PublishAsync(s);
            }
        });
        await Task.Delay(200);
        Assert.False(blocked.IsCompleted); // backpressure, not loss

        release.SetResult();
        await blocked;
        await h.Pipeline.StopAsync();

        var shed = h.Pipeline.Metrics.Shed[EventKinds.AudioChunk];
        Assert.True(shed >= 40, $"shed {shed}");
        Assert.Equal(50 - shed, sink.Seen.Count(e => e.Kind == EventKinds.AudioChunk));
        Assert.Equal(20, sink.Seen.Count(e => e.Kind == EventKinds.DtmfReceived));
        Assert.DoesNotContain(await h.JournaledAsync(), e => e.Kind == EventKinds.AudioChunk);
    }

    [Fact]
    public async Task Stopping_drains_every_event_already_accepted()
    {
        var processed = 0;
        var slow = new DelegateEnricher("slow", ["*"], async (_, _) =>
        {
            await Task.Delay(1);
            Interlocked.Increment(ref processed);
        });
        await using var h = await PipelineHarness.StartAsync([slow], options: new PipelineOptions { Partitions = 4 });
        await h.Pipeline.PublishBatchAsync(Enumerable.Range(0, 300).Select(i => TestEvents.Started("c" + i)).ToList());

        await h.Pipeline.StopAsync();

        Assert.Equal(300, processed);
        Assert.Equal(300, h.Pipeline.Metrics.Processed);
    }

    [Fact]
    public async Task A_journal_failure_reaches_the_publisher_and_nothing_is_processed()
    {
        using var dir = new TempDirectory();
        var journal = await SqliteJournal.OpenAsync(new JournalOptions { Path = dir.File("j.db"), MaxSizeMegabytes = 1 });
        var sink = new RecordingSink();
        var pipeline = new EventPipeline(new PipelineOptions(), journal, new Middleware.Core.CallState.CallStateStore(), new EventFactory(TimeProvider.System), sinks: [sink]);
        pipeline.Start();
        var huge = TestEvents.Started("c1") with { Raw = new RawSource("ami", new byte[4 * 1024 * 1024]) };

        await Assert.ThrowsAsync<JournalAppendException>(() => pipeline.PublishAsync(huge).AsTask());
        await pipeline.StopAsync();
        await journal.DisposeAsync();

        Assert.Empty(sink.Seen);
        Assert.Equal(1, pipeline.Metrics.JournalFailures);
    }

    [Fact]
    public async Task A_sink_is_handed_only_the_kinds_it_declares()
    {
        var everything = new RecordingSink();
        var noAudio = new RecordingSink([.. EventKinds.All.Where(k => k != EventKinds.AudioChunk)]);
        await using var h = await PipelineHarness.StartAsync(sinks: [everything, noAudio]);
        await h.Pipeline.PublishBatchAsync(
        [
            TestEvents.Started("c1"),
            TestEvents.Make("c1", new AudioChunk(Speaker.Caller, DateTimeOffset.UtcNow, 8000, new byte[16000])),
            TestEvents.Ended("c1"),
        ]);

        await h.Pipeline.StopAsync();

        Assert.Equal([EventKinds.CallStarted, EventKinds.AudioChunk, EventKinds.CallEnded], everything.Seen.Select(e => e.Kind));
        Assert.Equal([EventKinds.CallStarted, EventKinds.CallEnded], noAudio.Seen.Select(e => e.Kind));
    }
}
