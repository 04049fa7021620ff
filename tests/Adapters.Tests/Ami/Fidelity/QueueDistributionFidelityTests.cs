using System.Text;
using System.Text.RegularExpressions;
using Middleware.Adapters.Ami.Protocol;
using Middleware.Core.Queues;
using Middleware.Samples.Ami;
using Middleware.Samples.Pbx;
using Middleware.Samples.Scenarios;
using Middleware.TestSupport;
using static Middleware.Adapters.Tests.Ami.Fidelity.Asterisk22Transcripts;

namespace Middleware.Adapters.Tests.Ami.Fidelity;

/// <summary>
/// The emulated app_queue distributing by itself, read as bytes off a raw AMI socket: the member
/// calc_metric() ranks lowest rings and is connected (AgentCalled … QueueCallerLeave, AgentConnect,
/// AgentComplete), QueuePenalty and QueueChangePriorityCaller change who is served, and a Redirect
/// to the routing context takes the caller out of the queue to the agent in AI_AGENT.
/// </summary>
public sealed class QueueDistributionFidelityTests : IAsyncDisposable
{
    private readonly AmiEmulator _pbx = new(new AmiEmulatorOptions { Speed = 200 });
    private RawAmiSession? _ami;
    private PbxAcd _acd = null!;

    private async Task ConnectAsync(AppQueueStrategy strategy, TimeSpan? talk = null, TimeSpan? wrapUp = null, TimeSpan? ring = null)
    {
        CallCenterStaff.Seat(_pbx.Pbx);
        _acd = new PbxAcd(_pbx.Pbx, new PbxAcdOptions
        {
            Strategy = strategy,
            Ring = ring ?? TimeSpan.FromSeconds(2),
            WrapUp = CallCenterStaff.Members.ToDictionary(m => m.Interface, _ => wrapUp ?? TimeSpan.Zero),
        })
        {
            Connected = _ => talk ?? TimeSpan.FromHours(1),
        };
        await _pbx.StartAsync();
        _ami = await RawAmiSession.LoginAsync(_pbx.Port);
    }

    private string Received() => _ami!.Received();

    private Task SendAsync(string text) => _ami!.SendAsync(text);

    private List<AmiMessage> Events() => _ami!.Events();

    private Task<AmiMessage> EventAsync(string name, Func<AmiMessage, bool>? match = null) => EventuallyOne(e => e.Event == name && (match?.Invoke(e) ?? true), name);

    private Task<AmiMessage> EventuallyOne(Func<AmiMessage, bool> match, string what) => _ami!.EventuallyOne(match, what);

    /// <summary>One event exactly as sent, without what depends on when the test ran (Timestamp, the epoch in Uniqueid/Linkedid).</summary>
    private static string Exact(AmiMessage message) =>
        Regex.Replace(Regex.Replace(Encoding.UTF8.GetString(message.Raw.Span), "Timestamp: [^\r]*\r\n", ""), @"(Uniqueid|Linkedid): \d+\.", "$1: E.");

    private PbxCall Caller(string number)
    {
        var call = PbxCall.Inbound(_pbx.Pbx, number, "Caller " + number, "400");
        _acd.Enqueue(call, "support");
        return call;
    }

    [Fact]
    public async Task A_joining_caller_rings_the_member_calc_metric_ranks_first_and_is_connected_with_the_queue_events()
    {
        await ConnectAsync(AppQueueStrategy.Linear);

        Caller("13800000001");

        var connect = await EventAsync("AgentConnect");
        Assert.Equal(
            "Event: AgentConnect\r\nPrivilege: agent,all\r\nChannel: PJSIP/trunk-00000001\r\nChannelState: 6\r\nChannelStateDesc: Up\r\nCallerIDNum: 13800000001\r\n" +
            "CallerIDName: Caller 13800000001\r\nConnectedLineNum: 1001\r\nConnectedLineName: 王丽 Wang Li\r\nLanguage: en\r\nAccountCode: \r\nContext: from-trunk\r\n" +
            "Exten: 400\r\nPriority: 3\r\nUniqueid: E.1\r\nLinkedid: E.1\r\nDestChannel: PJSIP/1001-00000002\r\nDestChannelState: 6\r\nDestChannelStateDesc: Up\r\n" +
            "DestCallerIDNum: 13800000001\r\nDestCallerIDName: Caller 13800000001\r\nDestConnectedLineNum: 13800000001\r\nDestConnectedLineName: Caller 13800000001\r\n" +
            "DestLanguage: en\r\nDestAccountCode: \r\nDestContext: from-queue\r\nDestExten: 1001\r\nDestPriority: 1\r\nDestUniqueid: E.2\r\nDestLinkedid: E.1\r\n" +
            "Queue: support\r\nInterface: PJSIP/1001\r\nMemberName: 王丽 Wang Li\r\nHoldTime: H\r\nRingTime: 2000\r\n\r\n", Regex.Replace(Exact(connect), @"HoldTime: \d+", "HoldTime: H"));
        Assert.True(int.Parse(connect["HoldTime"]!, System.Globalization.CultureInfo.InvariantCulture) >= 2, "PBX clock: the caller waited at least the 2 s ring");
        var names = Events().Select(e => e.Event).ToList();
        Assert.Equal(["QueueCallerJoin", "AgentCalled", "DialBegin"], names.Where(n => n is "QueueCallerJoin" or "AgentCalled" or "DialBegin").ToList());
        Assert.True(names.IndexOf("QueueCallerLeave") < names.IndexOf("AgentConnect"), "app_queue: the caller leaves the line before AgentConnect");
        Assert.Equal("PJSIP/1001", Events().Single(e => e.Event == "AgentCalled")["Interface"]);
    }

    [Fact]
    public async Task After_the_talk_the_member_completes_wraps_up_paused_and_takes_the_next_caller()
    {
        await ConnectAsync(AppQueueStrategy.Linear, talk: TimeSpan.FromSeconds(30), wrapUp: TimeSpan.FromSeconds(20));
        await SendAsync("Action: QueuePause\r\nActionID: p1\r\nInterface: PJSIP/1002\r\nPaused: true\r\n\r\nAction: QueuePause\r\nActionID: p2\r\nInterface: PJSIP/1003\r\nPaused: true\r\n\r\n");
        await EventAsync("QueueMemberPause", e => e["Interface"] == "PJSIP/1003");

        Caller("13800000001");
        Caller("13800000002");

        var complete = await EventAsync("AgentComplete");
        Assert.Equal(("PJSIP/1001", "13800000001", "caller"), (complete["Interface"], complete["CallerIDNum"], complete["Reason"]));
        Assert.True(int.Parse(complete["TalkTime"]!, System.Globalization.CultureInfo.InvariantCulture) >= 29, "PBX clock: not hung up before the 30 s talk");
        var wrap = await EventAsync("QueueMemberPause", e => e["PausedReason"] == "wrap-up");
        Assert.Equal("PJSIP/1001", wrap["Interface"]);
        await EventAsync("AgentConnect", e => e["CallerIDNum"] == "13800000002");
        var events = Events();
        var second = events.FindIndex(e => e.Event == "AgentConnect" && e["CallerIDNum"] == "13800000002");
        Assert.Equal("PJSIP/1001", events[second]["Interface"]);
        Assert.True(events.FindLastIndex(e => e.Event == "QueueMemberPause" && e["Interface"] == "PJSIP/1001" && e["Paused"] == "0") is var unpaused && unpaused >= 0 && unpaused < second,
            "a member in after-call work is not rung until unpaused");
    }

    [Fact]
    public async Task QueuePenalty_sends_the_next_caller_past_the_penalised_member()
    {
        await ConnectAsync(AppQueueStrategy.Linear);
        await SendAsync("Action: QueuePenalty\r\nActionID: pen\r\nInterface: PJSIP/1001\r\nPenalty: 2\r\nQueue: support\r\n\r\n");
        await EventAsync("QueueMemberPenalty");

        Caller("13800000001");

        var connect = await EventAsync("AgentConnect");
        Assert.Equal("PJSIP/1002", connect["Interface"]);
    }

    [Fact]
    public async Task QueueChangePriorityCaller_serves_the_raised_caller_first_when_a_member_frees()
    {
        await ConnectAsync(AppQueueStrategy.RrMemory);
        foreach (var member in new[] { "1001", "1002", "1003" })
        {
            await SendAsync($"Action: QueuePause\r\nActionID: p{member}\r\nInterface: PJSIP/{member}\r\nPaused: true\r\n\r\n");
        }

        await EventAsync("QueueMemberPause", e => e["Interface"] == "PJSIP/1003");
        Caller("13800000001");
        var second = Caller("13800000002");
        await EventAsync("QueueCallerJoin", e => e["Position"] == "2");

        await SendAsync($"Action: QueueChangePriorityCaller\r\nActionID: prio\r\nQueue: support\r\nCaller: {second.Caller.Name}\r\nPriority: 10\r\nImmediate: yes\r\n\r\n");
        await Eventually.True(() => Received().Contains("Message: Priority change for caller on queue", StringComparison.Ordinal), "the priority change");
        await SendAsync("Action: QueuePause\r\nActionID: u1\r\nInterface: PJSIP/1002\r\nPaused: false\r\n\r\n");

        var connect = await EventAsync("AgentConnect");
        Assert.Equal(("13800000002", "PJSIP/1002"), (connect["CallerIDNum"], connect["Interface"]));
    }

    [Fact]
    public async Task A_redirect_to_the_routing_context_leaves_the_queue_and_dials_the_agent_in_AI_AGENT()
    {
        await ConnectAsync(AppQueueStrategy.Linear);
        foreach (var member in new[] { "1001", "1002", "1003" })
        {
            await SendAsync($"Action: QueuePause\r\nActionID: p{member}\r\nInterface: PJSIP/{member}\r\nPaused: true\r\n\r\n");
        }

        await EventAsync("QueueMemberPause", e => e["Interface"] == "PJSIP/1003");
        var call = Caller("13800000001");
        await EventAsync("QueueCallerJoin");

        await SendAsync($"Action: Setvar\r\nActionID: v\r\nChannel: {call.Caller.Name}\r\nVariable: AI_AGENT\r\nValue: PJSIP/1003\r\n\r\n" +
                        $"Action: Redirect\r\nActionID: r\r\nChannel: {call.Caller.Name}\r\nContext: ai-route\r\nExten: s\r\nPriority: 1\r\n\r\n");

        await EventAsync("BridgeEnter", e => e["Channel"]!.StartsWith("PJSIP/1003-", StringComparison.Ordinal));
        Assert.Contains("Response: Success\r\nActionID: r\r\nMessage: Redirect successful\r\n\r\n", Received(), StringComparison.Ordinal);
        var events = Events();
        var leave = events.Single(e => e.Event == "QueueCallerLeave");
        Assert.Equal(
            "Event: QueueCallerLeave\r\nPrivilege: agent,all\r\nChannel: PJSIP/trunk-00000001\r\nChannelState: 6\r\nChannelStateDesc: Up\r\nCallerIDNum: 13800000001\r\n" +
            "CallerIDName: Caller 13800000001\r\nConnectedLineNum: <unknown>\r\nConnectedLineName: <unknown>\r\nLanguage: en\r\nAccountCode: \r\nContext: from-trunk\r\n" +
            "Exten: 400\r\nPriority: 3\r\nUniqueid: E.1\r\nLinkedid: E.1\r\nQueue: support\r\nCount: 0\r\nPosition: 1\r\n\r\n", Exact(leave));
        var dial = events.Single(e => e.Event == "Newexten" && e["Application"] == "Dial");
        Assert.Equal(("ai-route", "s", "Local/PJSIP/1003@agents"), (dial["Context"], dial["Exten"], dial["AppData"]));
        var bridged = events.FindIndex(e => e.Event == "BridgeEnter" && e["Channel"]!.StartsWith("PJSIP/1003-", StringComparison.Ordinal));
        Assert.True(events.IndexOf(leave) < events.IndexOf(dial) && events.IndexOf(dial) < bridged, "out of the queue, then the dialplan's Dial, then the bridge");
        Assert.Equal("ANSWER", events.Single(e => e.Event == "DialEnd")["DialStatus"]);
        Assert.DoesNotContain(events, e => e.Event is "AgentConnect" or "AgentCalled" or "QueueCallerAbandon");
        Assert.Equal(2, _pbx.Pbx.Queue("support").Member("PJSIP/1003")!.Status);
    }

    [Fact]
    public async Task A_redirect_while_the_queue_rings_a_member_cancels_that_ring_before_the_caller_leaves()
    {
        await ConnectAsync(AppQueueStrategy.Linear, ring: TimeSpan.FromHours(1)); // the agents never pick up within the test
        var call = Caller("13800000001");
        await EventAsync("AgentCalled");

        await SendAsync($"Action: Setvar\r\nActionID: v\r\nChannel: {call.Caller.Name}\r\nVariable: AI_AGENT\r\nValue: PJSIP/1003\r\n\r\n" +
                        $"Action: Redirect\r\nActionID: r\r\nChannel: {call.Caller.Name}\r\nContext: ai-route\r\nExten: s\r\n\r\n");

        await EventAsync("DialBegin", e => e["DialString"] == "PJSIP/1003");
        var events = Events();
        var cancel = events.FindIndex(e => e.Event == "DialEnd" && e["DestChannel"]!.StartsWith("PJSIP/1001-", StringComparison.Ordinal));
        Assert.True(cancel >= 0, "the queue's ring of 1001 ends");
        Assert.Equal("CANCEL", events[cancel]["DialStatus"]);
        var legHangup = events.FindIndex(e => e.Event == "Hangup" && e["Channel"]!.StartsWith("PJSIP/1001-", StringComparison.Ordinal));
        var leave = events.FindIndex(e => e.Event == "QueueCallerLeave");
        var dial = events.FindIndex(e => e.Event == "DialBegin" && e["DialString"] == "PJSIP/1003");
        Assert.True(cancel < legHangup && legHangup < leave && leave < dial, "ring cancelled and its leg hung up, then out of the queue, then the Dial");
        Assert.DoesNotContain(events, e => e.Event is "AgentRingNoAnswer" or "AgentConnect" or "QueueCallerAbandon");
        Assert.Equal(1, _pbx.Pbx.Queue("support").Member("PJSIP/1001")!.Status);
    }

    [Fact]
    public async Task A_redirect_to_a_busy_agent_fails_the_dial_and_the_caller_queues_again()
    {
        await ConnectAsync(AppQueueStrategy.Linear);
        await SendAsync("Action: QueuePause\r\nActionID: p2\r\nInterface: PJSIP/1002\r\nPaused: true\r\n\r\nAction: QueuePause\r\nActionID: p3\r\nInterface: PJSIP/1003\r\nPaused: true\r\n\r\n");
        await EventAsync("QueueMemberPause", e => e["Interface"] == "PJSIP/1003");
        Caller("13800000001");
        await EventAsync("AgentConnect"); // 1001 is now in a call
        var call = Caller("13800000002");
        await EventAsync("QueueCallerJoin", e => e["CallerIDNum"] == "13800000002");

        await SendAsync($"Action: Setvar\r\nActionID: v\r\nChannel: {call.Caller.Name}\r\nVariable: AI_AGENT\r\nValue: PJSIP/1001\r\n\r\n" +
                        $"Action: Redirect\r\nActionID: r\r\nChannel: {call.Caller.Name}\r\nContext: ai-route\r\nExten: s\r\n\r\n");

        await EventAsync("VarSet", e => e["Variable"] == "DIALSTATUS");
        var rejoin = await EventAsync("QueueCallerJoin", e => e["CallerIDNum"] == "13800000002" && Events().Any(v => v.Event == "VarSet" && v["Variable"] == "DIALSTATUS"));
        Assert.Equal("BUSY", Events().Single(e => e.Event == "VarSet" && e["Variable"] == "DIALSTATUS")["Value"]);
        Assert.Equal(2, Events().Count(e => e.Event == "QueueCallerJoin" && e["CallerIDNum"] == "13800000002"));
        Assert.Equal("1", rejoin["Position"]);
        Assert.Single(_pbx.Pbx.Queue("support").Entries);
    }

    public async ValueTask DisposeAsync()
    {
        if (_ami is not null)
        {
            await _ami.DisposeAsync();
        }

        await _pbx.DisposeAsync();
    }
}
