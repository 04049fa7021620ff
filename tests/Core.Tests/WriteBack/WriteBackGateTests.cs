using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Middleware.Core.Events;
using Middleware.Core.Pipeline;
using Middleware.Core.WriteBack;
using Middleware.TestSupport;

namespace Middleware.Core.Tests.WriteBack;

public class WriteBackGateTests
{
    private sealed class FakePbx : IWriteBackTarget
    {
        public List<WriteBackCommand> Executed { get; } = [];

        public int FailuresBeforeSuccess { get; set; }

        public bool Reject { get; set; }

        public TimeSpan Delay { get; set; }

        /// <summary>What the PBX says of an Originate's attempts (as AmiWriteBackTarget does).</summary>
        public WriteBackAttempt? OriginateAttempt { get; set; }

        public int NotConnectedBeforeSuccess { get; set; }

        public string Name => "pbx-main";

        public IReadOnlyDictionary<string, WriteBackMode> Actions { get; } = new Dictionary<string, WriteBackMode>
        {
            ["Setvar"] = WriteBackMode.Assist,
            ["Redirect"] = WriteBackMode.Act,
            ["Originate"] = WriteBackMode.Act,
        };

        public WriteBackAttempt? AttemptFor(WriteBackCommand command) => command.Action == "Originate" ? OriginateAttempt : null;

        public async Task<string?> ExecuteAsync(WriteBackCommand command, CancellationToken cancellationToken)
        {
            if (NotConnectedBeforeSuccess-- > 0)
            {
                throw new WriteBackNotSentException("pbx-main is not connected");
            }

            await Task.Delay(Delay, cancellationToken);
            lock (Executed)
            {
                Executed.Add(command);
            }

            if (Reject)
            {
                throw new WriteBackRejectedException("No such channel");
            }

            if (FailuresBeforeSuccess-- > 0)
            {
                throw new IOException("connection reset");
            }

            return "Success";
        }
    }

    private static async Task<(List<EventEnvelope> Journal, FakePbx Pbx)> RunAsync(WriteBackMode mode, string action, Action<FakePbx>? setup = null, WriteBackOptions? options = null)
    {
        var pbx = new FakePbx();
        setup?.Invoke(pbx);
        options ??= new WriteBackOptions { Allow = new() { ["pbx-main"] = ["Setvar", "Redirect"] } };
        options.Mode = mode;
        var gate = new WriteBackGate(options, [pbx], new EventFactory(TimeProvider.System));
        var requester = new DelegateEnricher("router", [EventKinds.CallQueued], (_, ctx) =>
        {
            ctx.RequestWriteBack("pbx-main", action, new Dictionary<string, string> { ["Channel"] = "PJSIP/trunk-1" }, "VIP caller");
            return ValueTask.CompletedTask;
        });
        await using var h = await PipelineHarness.StartAsync([requester], gate: gate);
        await h.Pipeline.PublishAsync(TestEvents.Make("c1", new CallQueued("support", 1, 1)));
        await h.Pipeline.StopAsync();
        return (await h.JournaledAsync(), pbx);
    }

    private static async Task<(List<EventEnvelope> Journal, FakePbx Pbx)> RunQueuedAsync(string requestOn, params CallCenterEvent[] events)
    {
        var pbx = new FakePbx();
        var state = new Core.CallState.CallStateStore();
        var gate = new WriteBackGate(new WriteBackOptions { Mode = WriteBackMode.Assist, Allow = new() { ["pbx-main"] = ["Setvar"] } }, [pbx],
            new EventFactory(TimeProvider.System), conditions: [new QueuedCallerCondition(state)]);
        var requester = new DelegateEnricher("router", [requestOn], (_, ctx) =>
        {
            ctx.RequestWriteBack("pbx-main", "Setvar", new Dictionary<string, string> { ["Variable"] = "AI_AGENT", ["Value"] = "PJSIP/1001", [QueuedCallerCondition.Key] = "support" });
            return ValueTask.CompletedTask;
        });
        await using var h = await PipelineHarness.StartAsync([requester], gate: gate, state: state);
        foreach (var e in events)
        {
            await h.Pipeline.PublishAsync(TestEvents.Make("c1", e));
        }

        await h.Pipeline.StopAsync();
        return (await h.JournaledAsync(), pbx);
    }

    [Fact]
    public async Task A_hint_for_a_caller_still_in_the_queue_is_sent_without_the_gates_condition()
    {
        var (journal, pbx) = await RunQueuedAsync(EventKinds.CallQueued, new CallStarted("1", null, "400", CallDirection.Inbound), new CallQueued("support", 1, 1));

        var sent = Assert.Single(pbx.Executed);
        Assert.Equal(["Value", "Variable"], sent.Parameters.Keys.Order()); // "@whileQueued" is the gate's, not the PBX's
        Assert.Single(journal.Select(e => e.Payload).OfType<WriteBackCompleted>());
    }

    [Fact]
    public async Task A_hint_for_a_caller_who_left_the_queue_is_dropped_and_journaled_as_stale()
    {
        var (journal, pbx) = await RunQueuedAsync(EventKinds.CallDequeued,
            new CallStarted("1", null, "400", CallDirection.Inbound), new CallQueued("support", 1, 1), new CallDequeued("support", DequeueReason.Abandoned, 20));

        Assert.Empty(pbx.Executed);
        var skipped = Assert.Single(journal.Select(e => e.Payload).OfType<WriteBackSkipped>());
        Assert.StartsWith("stale: the caller left queue support", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_observe_mode_nothing_leaves_and_the_would_be_action_is_journaled()
    {
        var (journal, pbx) = await RunAsync(WriteBackMode.Observe, "Setvar");

        Assert.Empty(pbx.Executed);
        var requested = Assert.Single(journal.Select(e => e.Payload).OfType<WriteBackRequested>());
        var skipped = Assert.Single(journal.Select(e => e.Payload).OfType<WriteBackSkipped>());
        Assert.Equal(requested.RequestId, skipped.RequestId);
        Assert.Contains("observe", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assist_sends_hints_but_not_call_moves()
    {
        var (journal, pbx) = await RunAsync(WriteBackMode.Assist, "Setvar");
        Assert.Single(pbx.Executed);
        Assert.Single(journal.Select(e => e.Payload).OfType<WriteBackCompleted>());

        var (moved, pbx2) = await RunAsync(WriteBackMode.Assist, "Redirect");
        Assert.Empty(pbx2.Executed);
        Assert.Contains("needs act", Assert.Single(moved.Select(e => e.Payload).OfType<WriteBackSkipped>()).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Act_is_still_bounded_by_the_allow_list()
    {
        var options = new WriteBackOptions { Allow = new() { ["pbx-main"] = ["Setvar"] } };
        var (journal, pbx) = await RunAsync(WriteBackMode.Act, "Redirect", options: options);

        Assert.Empty(pbx.Executed);
        Assert.Contains("allow-list", Assert.Single(journal.Select(e => e.Payload).OfType<WriteBackSkipped>()).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transient_failures_are_retried_and_the_attempts_recorded()
    {
        var (journal, pbx) = await RunAsync(WriteBackMode.Act, "Redirect", p => p.FailuresBeforeSuccess = 2);

        Assert.Equal(3, pbx.Executed.Count);
        Assert.Equal(3, Assert.Single(journal.Select(e => e.Payload).OfType<WriteBackCompleted>()).Attempts);
    }

    [Fact]
    public async Task A_rejection_is_not_retried_and_is_journaled_as_failed()
    {
        var (journal, pbx) = await RunAsync(WriteBackMode.Act, "Redirect", p => p.Reject = true);

        Assert.Single(pbx.Executed);
        var failed = Assert.Single(journal.Select(e => e.Payload).OfType<WriteBackFailed>());
        Assert.Equal("No such channel", failed.Error);
        Assert.Equal(1, failed.Attempts);
    }

    [Fact]
    public async Task A_target_that_hangs_times_out_into_a_failure()
    {
        var options = new WriteBackOptions { Allow = new() { ["pbx-main"] = ["Setvar"] }, Timeout = TimeSpan.FromMilliseconds(100), Retries = 0 };
        var (journal, _) = await RunAsync(WriteBackMode.Assist, "Setvar", p => p.Delay = TimeSpan.FromSeconds(30), options);

        Assert.Contains("timed out", Assert.Single(journal.Select(e => e.Payload).OfType<WriteBackFailed>()).Error, StringComparison.Ordinal);
    }

    private static WriteBackOptions ShortAttempts() =>
        new() { Allow = new() { ["pbx-main"] = ["Originate"] }, Timeout = TimeSpan.FromMilliseconds(100), Retries = 2 };

    [Fact]
    public async Task A_call_ringing_longer_than_the_gates_timeout_is_waited_for_under_the_targets_own_attempt_timeout()
    {
        var (journal, pbx) = await RunAsync(WriteBackMode.Act, "Originate", p =>
        {
            p.OriginateAttempt = new WriteBackAttempt(TimeSpan.FromSeconds(30), Retry: false);
            p.Delay = TimeSpan.FromMilliseconds(400); // the customer's phone rings past the gate's 100 ms
        }, ShortAttempts());

        Assert.Single(pbx.Executed);
        Assert.Equal(1, Assert.Single(journal.Select(e => e.Payload).OfType<WriteBackCompleted>()).Attempts);
    }

    [Fact]
    public async Task An_originate_that_failed_after_it_was_sent_is_never_sent_again()
    {
        var (journal, pbx) = await RunAsync(WriteBackMode.Act, "Originate", p =>
        {
            p.OriginateAttempt = new WriteBackAttempt(TimeSpan.FromSeconds(30), Retry: false);
            p.FailuresBeforeSuccess = 1; // the connection dropped while it rang: the customer may have answered
        }, ShortAttempts());

        Assert.Single(pbx.Executed);
        var failed = Assert.Single(journal.Select(e => e.Payload).OfType<WriteBackFailed>());
        Assert.Equal(("connection reset", 1), (failed.Error, failed.Attempts));
    }

    [Fact]
    public async Task An_originate_that_times_out_is_failed_with_its_own_timeout_and_not_retried()
    {
        var (journal, pbx) = await RunAsync(WriteBackMode.Act, "Originate", p =>
        {
            p.OriginateAttempt = new WriteBackAttempt(TimeSpan.FromMilliseconds(200), Retry: false);
            p.Delay = TimeSpan.FromSeconds(30);
        }, ShortAttempts());

        Assert.Empty(pbx.Executed); // cancelled while "ringing", once
        var failed = Assert.Single(journal.Select(e => e.Payload).OfType<WriteBackFailed>());
        Assert.Equal(("timed out after 0.2 s", 1), (failed.Error, failed.Attempts));
    }

    [Fact]
    public async Task An_originate_that_never_left_is_retried_even_where_retries_are_off()
    {
        var (journal, pbx) = await RunAsync(WriteBackMode.Act, "Originate", p =>
        {
            p.OriginateAttempt = new WriteBackAttempt(TimeSpan.FromSeconds(30), Retry: false);
            p.NotConnectedBeforeSuccess = 1;
        }, ShortAttempts());

        Assert.Single(pbx.Executed);
        Assert.Equal(2, Assert.Single(journal.Select(e => e.Payload).OfType<WriteBackCompleted>()).Attempts);
    }

    [Fact]
    public async Task Switching_the_mode_is_journaled_with_who_did_it()
    {
        var gate = new WriteBackGate(new WriteBackOptions(), [new FakePbx()], new EventFactory(TimeProvider.System));
        await using var h = await PipelineHarness.StartAsync(gate: gate);

        await gate.SetModeAsync(WriteBackMode.Act, "cli:ops");
        await h.Pipeline.StopAsync();

        Assert.Equal(WriteBackMode.Act, gate.Mode);
        var changed = Assert.Single((await h.JournaledAsync()).Select(e => e.Payload).OfType<WriteBackModeChanged>());
        Assert.Equal(new WriteBackModeChanged(WriteBackMode.Observe, WriteBackMode.Act, "cli:ops"), changed);
    }

    private sealed class FakeCrm : IWriteBackTarget
    {
        public List<WriteBackCommand> Executed { get; } = [];

        public string Name => "crm";

        public bool Durable => true;

        public IReadOnlyDictionary<string, WriteBackMode> Actions { get; } = new Dictionary<string, WriteBackMode> { ["CreateTicket"] = WriteBackMode.Assist };

        public Task<string?> ExecuteAsync(WriteBackCommand command, CancellationToken cancellationToken)
        {
            lock (Executed)
            {
                Executed.Add(command);
            }

            return Task.FromResult<string?>("ticket 7");
        }
    }

    private static EventEnvelope Requested(string requestId, string target, string action) =>
        TestEvents.Make("c1", new WriteBackRequested(requestId, target, action, new Dictionary<string, string>(), WriteBackMode.Assist, null));

    [Fact]
    public async Task A_start_resumes_what_the_last_stop_left_unfinished_durable_ones_run_again_the_rest_are_recorded_failed()
    {
        var pbx = new FakePbx();
        var crm = new FakeCrm();
        var options = new WriteBackOptions { Mode = WriteBackMode.Assist, Allow = new() { ["pbx-main"] = ["Setvar"], ["crm"] = ["CreateTicket"] } };
        var gate = new WriteBackGate(options, [pbx, crm], new EventFactory(TimeProvider.System));
        await using var h = await PipelineHarness.StartAsync(gate: gate);
        await h.Journal.AppendBatchAsync(
        [
            Requested("ticket-left", "crm", "CreateTicket"),
            Requested("setvar-left", "pbx-main", "Setvar"),
            Requested("ticket-done", "crm", "CreateTicket"),
            TestEvents.Make("c1", new WriteBackCompleted("ticket-done", "crm", "CreateTicket", "ticket 6", 1)),
            Requested("setvar-skipped", "pbx-main", "Setvar"),
            TestEvents.Make("c1", new WriteBackSkipped("setvar-skipped", "pbx-main", "Setvar", "mode is observe")),
        ]);

        Assert.Equal(2, await gate.ResumeUnfinishedAsync(h.Journal));
        await h.Pipeline.StopAsync();

        Assert.Equal(["ticket-left"], crm.Executed.Select(c => c.RequestId));
        Assert.Empty(pbx.Executed); // a live channel's moment has passed: not sent again
        var outcomes = (await h.JournaledAsync()).Select(e => e.Payload).OfType<WriteBackOutcome>().ToList();
        Assert.Contains(outcomes, o => o is WriteBackCompleted { RequestId: "ticket-left", Result: "ticket 7" });
        Assert.Contains(outcomes, o => o is WriteBackFailed { RequestId: "setvar-left" } f && f.Error.Contains("stopped before it ran", StringComparison.Ordinal));
        Assert.Equal(4, outcomes.Count); // the two journaled before, one each for the two resumed
        Assert.Empty(await UnfinishedWriteBacks.FindAsync(h.Journal, DateTimeOffset.UtcNow.AddDays(-1)));
    }

    /// <summary>A CRM that answers 500 until it is told to recover.</summary>
    private sealed class FailingCrm : IWriteBackTarget
    {
        public volatile bool Down = true;

        public int Attempts;

        public string Name => "crm";

        public bool Durable => true;

        public IReadOnlyDictionary<string, WriteBackMode> Actions { get; } = new Dictionary<string, WriteBackMode> { ["CreateTicket"] = WriteBackMode.Assist };

        public Task<string?> ExecuteAsync(WriteBackCommand command, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Attempts);
            return Down ? throw new HttpRequestException("CRM answered 500 Internal Server Error") : Task.FromResult<string?>("ticket 8");
        }
    }

    [Fact]
    public async Task A_failing_target_shows_its_pending_request_last_error_and_next_retry_and_logs_once_until_it_recovers()
    {
        var crm = new FailingCrm();
        var logger = new FakeLogger();
        var options = new WriteBackOptions { Mode = WriteBackMode.Assist, Allow = new() { ["crm"] = ["CreateTicket"] }, MaxRetryDelay = TimeSpan.FromMilliseconds(50) };
        var gate = new WriteBackGate(options, [crm], new EventFactory(TimeProvider.System), logger);
        await using var h = await PipelineHarness.StartAsync(gate: gate);
        var health = Assert.Single(gate.TargetHealth);
        Assert.True(health.Healthy);

        await h.Journal.AppendBatchAsync([Requested("ticket-1", "crm", "CreateTicket")]);
        Assert.Equal(1, await gate.ResumeUnfinishedAsync(h.Journal));
        await Eventually.True(() => Volatile.Read(ref crm.Attempts) >= 5, "five failed attempts");

        var failing = health.Snapshot();
        Assert.False(failing.Healthy);
        Assert.Equal(1, failing.Pending);
        Assert.Contains("500", failing.LastError, StringComparison.Ordinal);
        Assert.NotNull(failing.NextRetryAt);
        Assert.Contains("last error: CRM answered 500", health.Describe(), StringComparison.Ordinal);

        crm.Down = false;
        await Eventually.True(() => health.Pending == 0, "the ticket to land once the CRM is back");
        await h.Pipeline.StopAsync();

        var recovered = health.Snapshot();
        Assert.True(recovered.Healthy);
        Assert.Null(recovered.NextRetryAt);
        Assert.True(recovered.FailedAttempts >= 5);
        var records = logger.Collector.GetSnapshot().Where(r => r.Message.Contains("crm", StringComparison.Ordinal)).ToList();
        Assert.Single(records, r => r.Level == LogLevel.Warning); // the first failure, not one per retry
        Assert.Single(records, r => r.Level == LogLevel.Information && r.Message.Contains("recovered", StringComparison.Ordinal));
        Assert.Contains((await h.JournaledAsync()).Select(e => e.Payload), p => p is WriteBackCompleted { RequestId: "ticket-1" });
    }

    [Fact]
    public async Task A_rejection_leaves_the_target_healthy_but_remembers_the_error()
    {
        var pbx = new FakePbx { Reject = true };
        var gate = new WriteBackGate(new WriteBackOptions { Mode = WriteBackMode.Act, Allow = new() { ["pbx-main"] = ["Redirect"] } }, [pbx], new EventFactory(TimeProvider.System));
        var requester = new DelegateEnricher("router", [EventKinds.CallQueued], (_, ctx) =>
        {
            ctx.RequestWriteBack("pbx-main", "Redirect", new Dictionary<string, string> { ["Channel"] = "PJSIP/trunk-1" }, "VIP caller");
            return ValueTask.CompletedTask;
        });
        await using var h = await PipelineHarness.StartAsync([requester], gate: gate);

        await h.Pipeline.PublishAsync(TestEvents.Make("c1", new CallQueued("support", 1, 1)));
        await h.Pipeline.StopAsync();

        var health = Assert.Single(gate.TargetHealth).Snapshot();
        Assert.True(health.Healthy);
        Assert.Equal(0, health.Pending);
        Assert.Equal("No such channel", health.LastError);
    }

    [Fact]
    public async Task A_gate_publishes_into_the_one_pipeline_it_was_built_with()
    {
        var gate = new WriteBackGate(new WriteBackOptions(), [new FakePbx()], new EventFactory(TimeProvider.System));
        await using var first = await PipelineHarness.StartAsync(gate: gate);

        var ex = Assert.Throws<InvalidOperationException>(() =>
            new EventPipeline(new PipelineOptions(), first.Journal, new Middleware.Core.CallState.CallStateStore(), new EventFactory(TimeProvider.System), gate: gate));
        Assert.Contains("another pipeline", ex.Message, StringComparison.Ordinal);
    }
}
