using Middleware.Adapters.Ami.WriteBack;
using Middleware.Adapters.Tests.Ami.Client;
using Middleware.Core.Events;
using Middleware.Core.Pipeline;
using Middleware.Samples.Ami;
using Middleware.Core.WriteBack;
using Middleware.Samples.Pbx;
using Middleware.TestSupport;

namespace Middleware.Adapters.Tests.Ami.WriteBack;

public class AmiWriteBackTargetTests
{
    private static WriteBackCommand Command(string action, string? callId, params (string Key, string Value)[] parameters) =>
        new("r1", action, callId, parameters.ToDictionary(p => p.Key, p => p.Value));

    private static async Task<(AmiHarness Harness, AmiWriteBackTarget Target)> StartAsync()
    {
        var h = await AmiHarness.StartAsync();
        await h.WaitConnectedAsync();
        return (h, new AmiWriteBackTarget(h.Source));
    }

    [Fact]
    public async Task Setvar_addressed_by_call_id_lands_on_the_callers_channel()
    {
        var (h, target) = await StartAsync();
        await using var _ = h;
        var call = PbxCall.Inbound(h.Pbx.Pbx, "13800138000", "王芳", "400");
        await Eventually.True(() => h.State.Calls().Count == 1, "the call");

        var result = await target.ExecuteAsync(Command("Setvar", "pbx-test:" + call.CallId, ("Variable", "MW_HINT"), ("Value", "vip")), CancellationToken.None);

        Assert.Equal("Variable Set", result);
        Assert.Equal("vip", call.Caller.Variables["MW_HINT"]);
        var read = await target.ExecuteAsync(Command("Getvar", "pbx-test:" + call.CallId, ("Variable", "MW_HINT")), CancellationToken.None);
        Assert.Equal("MW_HINT=vip", read);
    }

    [Fact]
    public async Task Originate_waits_for_the_originate_response()
    {
        var (h, target) = await StartAsync();
        await using var _ = h;

        var result = await target.ExecuteAsync(Command("Originate", null, ("Channel", "PJSIP/1001"), ("Context", "from-internal"), ("Exten", "13800138000"), ("Priority", "1")), CancellationToken.None);

        Assert.StartsWith("originated PJSIP/1001-", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_originate_and_an_unknown_channel_are_rejections_not_retried()
    {
        var (h, target) = await StartAsync();
        await using var _ = h;

        var failed = await Assert.ThrowsAsync<WriteBackRejectedException>(() => target.ExecuteAsync(Command("Originate", null, ("Channel", "DAHDI/1"), ("Exten", "1")), CancellationToken.None));
        Assert.Contains("no such extension", failed.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<WriteBackRejectedException>(() => target.ExecuteAsync(Command("Redirect", null, ("Channel", "PJSIP/nobody-1"), ("Exten", "1"), ("Context", "x")), CancellationToken.None));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        var noCall = await Assert.ThrowsAsync<WriteBackRejectedException>(() => target.ExecuteAsync(Command("Hangup", "pbx-test:0.0"), CancellationToken.None));
        Assert.Contains("no live channel", noCall.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queue_actions_change_members_and_the_change_comes_back_as_events()
    {
        var (h, target) = await StartAsync();
        await using var _ = h;

        await target.ExecuteAsync(Command("QueuePause", null, ("Interface", "PJSIP/1001"), ("Queue", "support"), ("Paused", "true"), ("Reason", "coaching")), CancellationToken.None);
        await target.ExecuteAsync(Command("QueuePenalty", null, ("Interface", "PJSIP/1002"), ("Penalty", "3"), ("Queue", "support")), CancellationToken.None);
        await target.ExecuteAsync(Command("QueueAdd", null, ("Queue", "sales"), ("Interface", "PJSIP/1003"), ("MemberName", "陈静 Chen Jing")), CancellationToken.None);
        await target.ExecuteAsync(Command("QueueRemove", null, ("Queue", "support"), ("Interface", "PJSIP/1003")), CancellationToken.None);

        await Eventually.True(() => h.State.GetAgent("PJSIP/1001")?.Paused == true && h.State.GetAgent("PJSIP/1003")?.Queues.SequenceEqual(["sales"]) == true, "the member changes to come back");
        Assert.Equal(3, h.Pbx.Pbx.Queue("support").Member("PJSIP/1002")!.Penalty);
    }

    [Fact]
    public async Task Through_the_gate_a_customer_ringing_past_the_gates_timeout_is_called_once_and_waited_for()
    {
        // Real time on the PBX: the customer rings 1.5 s, the gate's default attempt is 0.3 s.
        var h = await AmiHarness.StartAsync(emulator: new AmiEmulatorOptions { Speed = 1 });
        await using var _ = h;
        h.Pbx.Pbx.Pstn = new PstnLines { Fixed = { ["13800000005"] = PstnOutcome.Human }, RingMin = TimeSpan.FromSeconds(1.5), RingMax = TimeSpan.FromSeconds(1.5) };
        await h.WaitConnectedAsync();
        var target = new AmiWriteBackTarget(h.Source);
        var gate = new WriteBackGate(new WriteBackOptions { Mode = WriteBackMode.Act, Allow = new() { [target.Name] = ["Originate"] }, Timeout = TimeSpan.FromMilliseconds(300), Retries = 2 },
            [target], new EventFactory(TimeProvider.System));
        var dialer = new DelegateEnricher("dialer", [EventKinds.CallQueued], (_, ctx) =>
        {
            ctx.RequestWriteBack(target.Name, "Originate", new Dictionary<string, string>
            {
                ["Channel"] = "PJSIP/13800000005@trunk", ["Context"] = "dialer", ["Exten"] = "sales", ["Priority"] = "1", ["Timeout"] = "20000",
            });
            return ValueTask.CompletedTask;
        });
        await using var g = await PipelineHarness.StartAsync([dialer], gate: gate);

        await g.Pipeline.PublishAsync(TestEvents.Make("campaign-1", new CallQueued("sales", 1, 1)));
        await Eventually.True(() => gate.Outcomes.Keys.Any(k => k.Action == "Originate"), "the Originate's outcome");

        var outcome = Assert.Single(gate.Outcomes);
        Assert.Equal((("pbx-test", "Originate", "completed"), 1L), (outcome.Key, outcome.Value));
        Assert.Single(h.Pbx.ActionsReceived, a => a == "Originate");
        Assert.Equal(20_000 + AmiWriteBackTarget.OriginateMargin.TotalMilliseconds,
            target.AttemptFor(Command("Originate", null, ("Timeout", "20000")))!.Timeout.TotalMilliseconds);
        Assert.False(target.AttemptFor(Command("Originate", null))!.Retry);
        Assert.Null(target.AttemptFor(Command("Setvar", null)));
    }

    [Fact]
    public async Task Command_returns_the_cli_output()
    {
        var (h, target) = await StartAsync();
        await using var _ = h;

        var result = await target.ExecuteAsync(Command("Command", null, ("Command", "core show uptime")), CancellationToken.None);

        Assert.Contains("System uptime: 1 hour", result, StringComparison.Ordinal);
        Assert.True(target.Actions["Command"] == WriteBackMode.Act);
    }
}
