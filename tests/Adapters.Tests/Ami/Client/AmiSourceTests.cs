using Middleware.Adapters.Ami.Client;
using Middleware.Core.CallState;
using Middleware.Core.Events;
using Middleware.Samples.Ami;
using Middleware.Samples.Pbx;
using Middleware.TestSupport;

namespace Middleware.Adapters.Tests.Ami.Client;

public class AmiSourceTests
{

    /// <summary>The middleware's id for a PBX call: the source name, then the Linkedid.</summary>
    private static string Id(PbxCall call) => "pbx-test:" + call.CallId;

    private static async Task ReconnectedAsync(AmiHarness h, long reconnects) =>
        await Eventually.True(() => h.Source.Status.Reconnects >= reconnects && h.Source.Status.State == AmiConnectionState.Connected, "the source to reconnect");

    [Fact]
    public async Task An_outage_mid_call_and_mid_queue_ends_in_the_pbx_truth_with_one_end_per_call()
    {
        await using var h = await AmiHarness.StartAsync();
        await h.WaitConnectedAsync();
        var pbx = h.Pbx.Pbx;

        var talking = PbxCall.Inbound(pbx, "13800000001", "talking", "400");
        await talking.EnterQueueAsync("support");
        await talking.RingAgentAsync("PJSIP/1001", true, TimeSpan.FromSeconds(1));
        var queued = PbxCall.Inbound(pbx, "13800000002", "queued", "400");
        await queued.EnterQueueAsync("support");
        var endsDuringOutage = PbxCall.Inbound(pbx, "13800000003", "gone", "400");
        await endsDuringOutage.EnterQueueAsync("sales");
        await Eventually.True(() => h.State.Calls().Count == 3 && h.State.GetQueue("support")?.Waiting == 1, "three live calls, one waiting");

        await h.Pbx.StopListeningAsync();
        endsDuringOutage.Abandon();
        var startsDuringOutage = PbxCall.Inbound(pbx, "13800000004", "new", "400");
        await h.Pbx.ResumeListeningAsync();
        await ReconnectedAsync(h, 1);

        // Connected comes before the resync's events have gone through the pipeline into the call state.
        await Eventually.True(() => h.State.GetCall(Id(startsDuringOutage)) is not null && h.State.GetCall(Id(endsDuringOutage))?.Phase == CallPhase.Ended, "the resync to reach the call state");
        Assert.Equal(3, h.State.Calls().Count);
        Assert.True(h.State.GetCall(Id(startsDuringOutage))!.Synthesized);
        Assert.Equal(1, h.State.GetQueue("support")!.Waiting);

        await queued.RingAgentAsync("PJSIP/1002", true, TimeSpan.FromSeconds(1));
        talking.Hangup(byCaller: true);
        queued.Hangup(byCaller: false);
        startsDuringOutage.Hangup(byCaller: true);
        await Eventually.True(() => h.State.Calls().Count == 0, "every call to end");

        var journal = await h.JournaledAsync();
        var calls = journal.Where(e => e.CallId is not null).GroupBy(e => e.CallId!).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(4, calls.Count);
        Assert.All(calls.Values, events => Assert.Single(events, e => e.Payload is CallEnded));
        var lost = Assert.Single(calls[Id(endsDuringOutage)], e => e.Payload is CallEnded);
        Assert.Equal("unknown-during-outage", ((CallEnded)lost.Payload).Cause);
        Assert.True(lost.Synthesized);
        Assert.True(Assert.Single(calls[Id(startsDuringOutage)], e => e.Payload is CallStarted).Synthesized);
        Assert.Single(journal, e => e.Payload is SourceGap);
        Assert.Empty(pbx.Channels);
        Assert.Equal(0, h.State.GetQueue("support")!.Waiting);
        Assert.All(h.State.Agents(), a => Assert.Null(a.CurrentCallId));
        Assert.Equal(journal.Count, journal.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task After_a_pbx_restart_login_comes_first_and_vanished_calls_are_closed()
    {
        await using var h = await AmiHarness.StartAsync(o => o.Auth = AmiAuth.Plain);
        await h.WaitConnectedAsync();
        var call = PbxCall.Inbound(h.Pbx.Pbx, "13800000009", "x", "400");
        await Eventually.True(() => h.State.Calls().Count == 1, "the call");
        var before = h.Pbx.ActionsReceived.Count;

        await h.Pbx.RestartAsync("9.0.0");
        await ReconnectedAsync(h, 1);
        await Eventually.True(() => h.State.Calls().Count == 0, "the vanished call to close");

        Assert.Equal("Login", h.Pbx.ActionsReceived[before]);
        Assert.Equal("Asterisk Call Manager/9.0.0", h.Source.Status.Banner);
        var journal = await h.JournaledAsync();
        Assert.Contains(journal, e => e.Payload is SourceStatusChanged { Status: "shutdown" });
        Assert.Equal("unknown-during-outage", ((CallEnded)Assert.Single(journal, e => e.Payload is CallEnded).Payload).Cause);
        Assert.False(call.Alive);
    }

    [Fact]
    public async Task A_stalled_pbx_is_declared_dead_by_keepalive_and_rejoined_when_it_wakes()
    {
        await using var h = await AmiHarness.StartAsync(o =>
        {
            o.PingInterval = TimeSpan.FromMilliseconds(200);
            o.PingTimeout = TimeSpan.FromMilliseconds(200);
            o.ConnectTimeout = TimeSpan.FromMilliseconds(500);
        });
        await h.WaitConnectedAsync();

        h.Pbx.Stall();
        await Eventually.True(() => h.Source.Status.State != AmiConnectionState.Connected, "keepalive to give up on the stalled PBX");
        Assert.Contains("keepalive", h.Source.Status.LastError, StringComparison.Ordinal);

        h.Pbx.Resume();
        await ReconnectedAsync(h, 1);
    }

    [Fact]
    public async Task Garbage_and_a_ten_megabyte_line_are_reported_and_events_keep_flowing()
    {
        await using var h = await AmiHarness.StartAsync();
        await h.WaitConnectedAsync();

        await h.Pbx.Script()
            .Garbage("\u0001\u0002\u0003 not ami at all\r\n\r\n"u8.ToArray())
            .Send("Event: Flood\r\nData: " + new string('x', 10 * 1024 * 1024) + "\r\n\r\n")
            .Event("UserEvent", ("UserEvent", "StillHere"))
            .RunAsync();
        PbxCall.Inbound(h.Pbx.Pbx, "13800000010", "after", "400");

        await Eventually.True(() => h.State.Calls().Count == 1, "the call after the garbage");
        Assert.Equal(2, h.Source.Status.FramingErrors);
        Assert.Contains(await h.JournaledAsync(), e => e.Payload is Unmapped { Name: "UserEvent:StillHere" });
        Assert.Equal(0, h.Source.Status.Reconnects);
    }

    [Fact]
    public async Task A_megabyte_of_garbage_is_counted_in_full_but_logged_as_a_few_lines_and_a_summary()
    {
        var logger = new Microsoft.Extensions.Logging.Testing.FakeLogger();
        var junk = "\u0001\u0002 not ami at all, not even close\r\n\r\n"u8.ToArray();
        var megabyte = Enumerable.Repeat(junk, 1024 * 1024 / junk.Length).SelectMany(b => b).ToArray();
        int framingErrors;
        await using (var h = await AmiHarness.StartAsync(logger: logger))
        {
            await h.WaitConnectedAsync();
            await h.Pbx.Script().Garbage(megabyte).Event("UserEvent", ("UserEvent", "StillHere")).RunAsync();
            await Eventually.True(() => h.Source.Status.FramingErrors == 1024 * 1024 / junk.Length, "every garbage block counted");
            framingErrors = (int)h.Source.Status.FramingErrors;
        }

        var lines = logger.Collector.GetSnapshot().Where(r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Warning).Select(r => r.Message).ToList();
        Assert.True(lines.Count <= 12, $"{lines.Count} warning lines for {framingErrors} framing errors:\n" + string.Join("\n", lines.Take(20)));
        Assert.Contains(lines, l => l.Contains("framing errors: … and", StringComparison.Ordinal) && l.Contains("more like it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_cut_by_a_dropped_connection_is_discarded_and_the_source_reconnects()
    {
        await using var h = await AmiHarness.StartAsync();
        await h.WaitConnectedAsync();

        await h.Pbx.DropMidMessageAsync();
        await ReconnectedAsync(h, 1);
        PbxCall.Inbound(h.Pbx.Pbx, "13800000011", "after", "400");
        await Eventually.True(() => h.State.Calls().Count == 1, "the call after reconnecting");

        var journal = await h.JournaledAsync();
        Assert.DoesNotContain(journal, e => e.Raw?.Text.Contains("PJSIP/cut", StringComparison.Ordinal) == true);
        Assert.True(h.Source.Status.FramingErrors >= 1);
    }

    [Fact]
    public async Task A_refused_login_keeps_retrying_until_the_pbx_accepts()
    {
        await using var h = await AmiHarness.StartAsync();
        h.Pbx.RefuseLogin = true;
        await h.Pbx.DropMidMessageAsync();
        await Eventually.True(() => h.Source.Status.LastError?.Contains("login refused", StringComparison.Ordinal) == true, "the refusal to be reported");

        h.Pbx.RefuseLogin = false;
        await h.WaitConnectedAsync();
    }

    [Fact]
    public async Task Two_pbxs_feed_one_pipeline_each_under_its_own_name()
    {
        await using var first = await AmiHarness.StartAsync();
        await using var second = new AmiEmulator(new AmiEmulatorOptions { Speed = 50 });
        await second.StartAsync();
        var options = AmiHarness.Options(second.Port);
        options.Name = "pbx-branch";
        await using var other = new AmiSource(options, new EventFactory(TimeProvider.System), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        await other.StartAsync(first.Pipeline, CancellationToken.None);
        await first.WaitConnectedAsync();
        await Eventually.True(() => other.Status.State == AmiConnectionState.Connected, "the second source");

        PbxCall.Inbound(first.Pbx.Pbx, "1", "a", "400");
        PbxCall.Inbound(second.Pbx, "2", "b", "400");
        await Eventually.True(() => first.State.Calls().Count == 2, "both calls");

        Assert.Equal(["pbx-branch", "pbx-test"], first.State.Calls().Select(c => c.Source).Order());
    }
}
