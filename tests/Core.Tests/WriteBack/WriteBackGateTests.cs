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

        public string Name => "pbx-main";

        public IReadOnlyDictionary<string, WriteBackMode> Actions { get; } = new Dictionary<string, WriteBackMode>
        {
            ["Setvar"] = WriteBackMode.Assist,
            ["Redirect"] = WriteBackMode.Act,
        };

        public async Task<string?> ExecuteAsync(WriteBackCommand command, CancellationToken cancellationToken)
        {
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
}
