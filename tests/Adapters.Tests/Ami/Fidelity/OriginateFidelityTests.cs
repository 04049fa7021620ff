using System.Globalization;
using System.Text;
using Middleware.Adapters.Ami.Protocol;
using Middleware.Core.Events;
using Middleware.Samples.Ami;
using Middleware.Samples.Pbx;
using Middleware.Samples.Scenarios;
using Middleware.TestSupport;
using static Middleware.Adapters.Tests.Ami.Fidelity.Asterisk22Transcripts;

namespace Middleware.Adapters.Tests.Ami.Fidelity;

/// <summary>
/// Originate to customers through the emulated trunk, read as bytes off a raw AMI socket: the
/// immediate "queued" response, then Newchannel/Newstate/Hangup and one OriginateResponse with the
/// action's ActionID and Asterisk's Reason code (main/manager.c fast_originate, main/pbx.c).
/// </summary>
public sealed class OriginateFidelityTests : IAsyncDisposable
{
    private readonly AmiEmulator _pbx = new(new AmiEmulatorOptions { Speed = 200 });
    private RawAmiSession? _ami;

    private async Task ConnectAsync(PstnLines? pstn = null)
    {
        if (pstn is not null)
        {
            _pbx.Pbx.Pstn = pstn;
        }

        CallCenterStaff.Seat(_pbx.Pbx);
        await _pbx.StartAsync();
        _ami = await RawAmiSession.LoginAsync(_pbx.Port);
    }

    /// <summary>Where the bytes after the login's FullyBooted begin.</summary>
    private async Task<int> AfterLoginAsync()
    {
        await Eventually.True(() => Events().Any(e => e.Event == "FullyBooted"), "FullyBooted after the login");
        return Received().Length;
    }

    private string Received() => _ami!.Received();

    private Task SendAsync(string text) => _ami!.SendAsync(text);

    private List<AmiMessage> Events() => _ami!.Events();

    /// <summary>One event exactly as sent, without its Timestamp line (the only field that depends on when the test ran).</summary>
    private static string Exact(AmiMessage message) =>
        System.Text.RegularExpressions.Regex.Replace(Encoding.UTF8.GetString(message.Raw.Span), "Timestamp: [^\r]*\r\n", "");

    private async Task<AmiMessage> OriginateResponseAsync(string actionId)
    {
        await Eventually.True(() => Events().Any(e => e.Event == "OriginateResponse" && e.ActionId == actionId), $"the OriginateResponse of {actionId}", state: Received);
        return Events().Single(e => e.Event == "OriginateResponse" && e.ActionId == actionId);
    }

    private static double Time(AmiMessage m) => double.Parse(m["Timestamp"]!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_busy_customer_is_queued_at_once_then_fails_with_reason_5_after_the_trunk_channel_hangs_up_busy()
    {
        await ConnectAsync(new PstnLines { Fixed = { ["13800000001"] = PstnOutcome.Busy } });

        await SendAsync("Action: Originate\r\nActionID: d-1\r\nChannel: PJSIP/13800000001@trunk\r\nContext: dialer\r\nExten: sales\r\nPriority: 1\r\n" +
                        "Timeout: 30000\r\nCallerID: \"Acme\" <4008001234>\r\nAsync: true\r\n\r\n");

        await Eventually.True(() => Received().Contains("ActionID: d-1\r\n", StringComparison.Ordinal), "the immediate response");
        Assert.Contains("Response: Success\r\nActionID: d-1\r\nMessage: Originate successfully queued\r\n\r\n", Received(), StringComparison.Ordinal);
        var response = await OriginateResponseAsync("d-1");
        Assert.Equal("Event: OriginateResponse\r\nPrivilege: call,all\r\nActionID: d-1\r\nResponse: Failure\r\nChannel: PJSIP/13800000001@trunk\r\n" +
                     "Context: dialer\r\nExten: sales\r\nApplication: \r\nData: \r\nReason: 5\r\nUniqueid: <null>\r\n" +
                     "CallerIDNum: 4008001234\r\nCallerIDName: Acme\r\n\r\n", Exact(response));
        var events = Events();
        var created = events.First(e => e.Event == "Newchannel");
        Assert.Matches("^PJSIP/trunk-[0-9a-f]{8}$", created["Channel"]);
        Assert.Equal(("0", "Down", "default", "s"), (created["ChannelState"], created["ChannelStateDesc"], created["Context"], created["Exten"]));
        var hangup = events.Single(e => e.Event == "Hangup");
        Assert.Equal((created["Channel"], "17", "User busy", created["Uniqueid"]), (hangup["Channel"], hangup["Cause"], hangup["Cause-txt"], hangup["Linkedid"]));
        Assert.True(events.IndexOf(hangup) < events.FindIndex(e => e.Event == "OriginateResponse"), "dial.c hangs the busy channel up before fast_originate reports");
        Assert.DoesNotContain(events, e => e.Event == "Newstate");
    }

    [Fact]
    public async Task A_customer_who_never_answers_rings_until_the_timeout_and_fails_with_reason_3()
    {
        await ConnectAsync(new PstnLines { Fixed = { ["13800000002"] = PstnOutcome.NoAnswer } });

        await SendAsync("Action: Originate\r\nActionID: d-2\r\nChannel: PJSIP/13800000002@trunk\r\nContext: dialer\r\nExten: sales\r\nTimeout: 5000\r\n" +
                        "ChannelId: dialer-2.1\r\nAsync: true\r\n\r\n");

        var response = await OriginateResponseAsync("d-2");
        Assert.Equal(("Failure", "3", "dialer-2.1"), (response["Response"], response["Reason"], response["Uniqueid"]));
        var events = Events();
        var created = events.First(e => e.Event == "Newchannel");
        Assert.Equal("dialer-2.1", created["Uniqueid"]);
        var ringing = events.Single(e => e.Event == "Newstate");
        Assert.Equal(("5", "Ringing"), (ringing["ChannelState"], ringing["ChannelStateDesc"]));
        var hangup = events.Single(e => e.Event == "Hangup");
        Assert.Equal(("19", "User alerting, no answer"), (hangup["Cause"], hangup["Cause-txt"]));
        Assert.True(Time(hangup) - Time(created) >= 5.0, "PBX clock: not given up before the 5000 ms Timeout");
    }

    [Fact]
    public async Task A_person_answers_amd_says_human_readable_by_getvar_and_the_call_goes_to_the_queue_and_an_agent()
    {
        await ConnectAsync(new PstnLines { Fixed = { ["13800000003"] = PstnOutcome.Human }, TalkMin = TimeSpan.FromSeconds(1200), TalkMax = TimeSpan.FromSeconds(1200) });

        await SendAsync("Action: Originate\r\nActionID: d-3\r\nChannel: PJSIP/13800000003@trunk\r\nContext: dialer\r\nExten: sales\r\nPriority: 1\r\n" +
                        "Variable: CAMPAIGN=spring,ATTEMPT=1\r\nAsync: true\r\n\r\n");

        var response = await OriginateResponseAsync("d-3");
        Assert.Equal(("Success", "4"), (response["Response"], response["Reason"]));
        Assert.Matches("^PJSIP/trunk-[0-9a-f]{8}$", response["Channel"]);
        await Eventually.True(() => Events().Any(e => e.Event == "AgentConnect"), "an agent to take the call", state: Received);
        var events = Events();
        var mine = events.Where(e => e["Uniqueid"] == response["Uniqueid"]).ToList();
        Assert.Equal(["CAMPAIGN", "ATTEMPT", "AMDSTATUS", "AMDCAUSE"], mine.Where(e => e.Event == "VarSet").Select(e => e["Variable"]));
        Assert.Equal(["AMD", "Queue"], mine.Where(e => e.Event == "Newexten").Select(e => e["Application"]));
        Assert.Equal(("dialer", "sales"), (mine.First(e => e.Event == "Newexten")["Context"], mine.First(e => e.Event == "Newexten")["Exten"]));
        Assert.Equal(["5", "6"], mine.Where(e => e.Event == "Newstate").Select(e => e["ChannelState"]));
        var agentLeg = events.Single(e => e.Event == "Newchannel" && e["Channel"]!.StartsWith("PJSIP/200", StringComparison.Ordinal));
        Assert.Equal(response["Uniqueid"], agentLeg["Linkedid"]);

        await SendAsync($"Action: Getvar\r\nActionID: g-1\r\nChannel: {response["Channel"]}\r\nVariable: AMDSTATUS\r\n\r\n");
        await Eventually.True(() => Received().Contains("ActionID: g-1\r\n", StringComparison.Ordinal), "the Getvar response");
        Assert.Contains("Response: Success\r\nActionID: g-1\r\nVariable: AMDSTATUS\r\nValue: HUMAN\r\n\r\n", Received(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_machine_is_told_by_amdstatus_and_the_dialplan_hangs_it_up_unqueued()
    {
        await ConnectAsync(new PstnLines { Fixed = { ["13800000004"] = PstnOutcome.Machine } });

        await SendAsync("Action: Originate\r\nActionID: d-4\r\nChannel: PJSIP/13800000004@trunk\r\nContext: dialer\r\nExten: sales\r\nAsync: true\r\n\r\n");

        var response = await OriginateResponseAsync("d-4");
        Assert.Equal("4", response["Reason"]);
        await Eventually.True(() => Events().Any(e => e.Event == "Hangup" && e["Uniqueid"] == response["Uniqueid"]), "the machine to be hung up", state: Received);
        var mine = Events().Where(e => e["Uniqueid"] == response["Uniqueid"]).ToList();
        Assert.Equal("MACHINE", mine.Single(e => e.Event == "VarSet" && e["Variable"] == "AMDSTATUS")["Value"]);
        Assert.Equal(["AMD", "Hangup"], mine.Where(e => e.Event == "Newexten").Select(e => e["Application"]));
        Assert.DoesNotContain(Events(), e => e.Event == "QueueCallerJoin");
        var amd = Assert.Single(Normalize(Encoding.UTF8.GetBytes(Received())), e => e.Payload is AmdResult);
        Assert.Equal(("MACHINE", true), (((AmdResult)amd.Payload).Status, ((AmdResult)amd.Payload).Machine));
        Assert.EndsWith(response["Uniqueid"]!, amd.CallId, StringComparison.Ordinal); // the originated call's Linkedid
    }

    [Fact]
    public async Task Bad_originates_are_refused_as_asterisk_words_it()
    {
        await ConnectAsync();

        await SendAsync("Action: Originate\r\nActionID: b-1\r\nChannel: PJSIP/1001\r\nExten: 1\r\nTimeout: soon\r\n\r\n" +
                        "Action: Originate\r\nActionID: b-2\r\nChannel: nowhere\r\nExten: 1\r\n\r\n" +
                        "Action: Originate\r\nActionID: b-3\r\nChannel: DAHDI/1\r\nExten: 1\r\nAsync: true\r\n\r\n");

        await Eventually.True(() => Received().Contains("ActionID: b-3\r\nMessage:", StringComparison.Ordinal), "the three responses");
        Assert.Contains("Response: Error\r\nActionID: b-1\r\nMessage: Invalid timeout\r\n\r\n", Received(), StringComparison.Ordinal);
        Assert.Contains("Response: Error\r\nActionID: b-2\r\nMessage: Invalid channel\r\n\r\n", Received(), StringComparison.Ordinal);
        var failed = await OriginateResponseAsync("b-3");
        Assert.Equal(("Failure", "0", "DAHDI/1", "<null>"), (failed["Response"], failed["Reason"], failed["Channel"], failed["Uniqueid"]));
    }

    [Fact]
    public void Outcomes_follow_the_seed_the_number_and_the_attempt_and_the_shares_asked_for()
    {
        static List<PstnCall> Draw(int seed) => Enumerable.Range(0, 4000).Select(i => new PstnLines { Seed = seed }.Dial($"1390000{i:0000}")).ToList();

        var first = Draw(7);
        Assert.Equal(first, Draw(7));
        Assert.NotEqual(first, Draw(8));
        var lines = new PstnLines { Seed = 7 };
        Assert.NotEqual(1, Enumerable.Range(0, 8).Select(_ => lines.Dial("13900000000").Outcome).Distinct().Count()); // a redial draws again
        double Share(PstnOutcome o) => first.Count(c => c.Outcome == o) / (double)first.Count;
        Assert.InRange(Share(PstnOutcome.Human), 0.17, 0.23);   // 0.32 × (1 − 0.375) = 0.20
        Assert.InRange(Share(PstnOutcome.Machine), 0.10, 0.14); // 0.32 × 0.375 = 0.12
        Assert.InRange(Share(PstnOutcome.Busy), 0.06, 0.10);
        Assert.All(first.Where(c => c.Outcome is PstnOutcome.Human or PstnOutcome.Machine), c => Assert.InRange(c.Ring, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(20)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_ami is not null)
        {
            await _ami.DisposeAsync();
        }

        await _pbx.DisposeAsync();
    }

    [Fact]
    public async Task A_waiting_person_redirected_to_the_abandon_message_leaves_the_queue_hears_it_and_is_hung_up()
    {
        await ConnectAsync(new PstnLines { Fixed = { ["13800000007"] = PstnOutcome.Human } });
        foreach (var agent in new[] { "PJSIP/2001", "PJSIP/2002" })
        {
            _pbx.Pbx.PauseMember("sales", agent, true, "lunch"); // nobody free: the person waits in the queue
        }

        await SendAsync("Action: Originate\r\nActionID: d-7\r\nChannel: PJSIP/13800000007@trunk\r\nContext: dialer\r\nExten: sales\r\nAsync: true\r\n\r\n");
        var channel = (await OriginateResponseAsync("d-7"))["Channel"];
        await Eventually.True(() => Events().Any(e => e.Event == "QueueCallerJoin" && e["Channel"] == channel), "the person waiting in sales", state: Received);

        await SendAsync($"Action: Redirect\r\nActionID: r-7\r\nChannel: {channel}\r\nContext: dialer-abandon\r\nExten: abandon\r\nPriority: 1\r\n\r\n");

        await Eventually.True(() => Events().Any(e => e.Event == "Hangup" && e["Channel"] == channel), "the hangup after the message", state: Received);
        Assert.Contains("Response: Success\r\nActionID: r-7\r\nMessage: Redirect successful\r\n\r\n", Received(), StringComparison.Ordinal);
        var after = Events().SkipWhile(e => !(e.Event == "VarSet" && e["Variable"] == "AMDSTATUS")).Where(e => e["Channel"] == channel).ToList();
        var order = after.Select(e => e.Event == "Newexten" ? $"Newexten {e["Context"]},{e["Extension"]},{e["Priority"]} {e["Application"]}({e["AppData"]})" : e.Event).ToList();
        var fromRedirect = order.SkipWhile(e => e != "QueueCallerAbandon").Where(e => e is not ("MusicOnHoldStop" or "VarSet")).ToList();
        Assert.Equal(["QueueCallerAbandon", "QueueCallerLeave", "Newexten dialer-abandon,abandon,1 Playback(sorry-all-agents-busy)", "Newexten dialer-abandon,abandon,2 Hangup()", "Hangup"], fromRedirect);
        var hangup = after.Single(e => e.Event == "Hangup");
        Assert.Equal(("16", "Normal Clearing"), (hangup["Cause"], hangup["Cause-txt"]));
        Assert.DoesNotContain(Events(), e => e.Event is "AgentCalled" or "AgentConnect"); // never put through to an agent afterwards
    }

    [Fact]
    public async Task Without_async_the_manager_answers_only_once_the_call_is_answered_holding_the_sessions_events_and_sends_no_originate_response()
    {
        await ConnectAsync(new PstnLines { Fixed = { ["13800000008"] = PstnOutcome.Human }, TalkMin = TimeSpan.FromSeconds(1200), TalkMax = TimeSpan.FromSeconds(1200) });
        var before = await AfterLoginAsync();

        // A Ping behind it waits too: manager.c runs the synchronous Originate in the session's thread.
        await SendAsync("Action: Originate\r\nActionID: s-1\r\nChannel: PJSIP/13800000008@trunk\r\nContext: dialer\r\nExten: sales\r\nPriority: 1\r\n\r\n" +
                        "Action: Ping\r\nActionID: p-1\r\n\r\n");

        await Eventually.True(() => Received().Contains("ActionID: p-1\r\n", StringComparison.Ordinal), "the Ping's answer after the Originate's", state: Received);
        await Eventually.True(() => Events().Any(e => e.Event == "VarSet" && e["Variable"] == "AMDSTATUS"), "AMD on the answered call", state: Received);
        var after = Received()[before..];
        const string Answer = "Response: Success\r\nActionID: s-1\r\nMessage: Originate successfully queued\r\n\r\n";
        Assert.StartsWith(Answer, after, StringComparison.Ordinal); // the events of the dialing were held behind it
        var messages = Messages(Encoding.UTF8.GetBytes(after));
        var pong = messages.Single(m => m.ActionId == "p-1");
        var channel = messages.First(m => m.Event == "Newchannel")["Channel"];
        var up = messages.First(m => m.Event == "Newstate" && m["Channel"] == channel && m["ChannelStateDesc"] == "Up");
        Assert.True(messages.IndexOf(up) < messages.IndexOf(pong), "the held events go out before the next action's answer");
        Assert.True(Time(pong) >= Time(up), "PBX clock: the Ping was only answered after the far end answered");
        Assert.Equal("Newchannel", messages.First(m => m.IsEvent).Event); // every event of the dialing, from its first, held behind the answer
        Assert.DoesNotContain(Events(), e => e.Event == "OriginateResponse");
    }

    [Fact]
    public async Task Without_async_a_busy_customer_is_answered_originate_failed_with_no_originate_response()
    {
        await ConnectAsync(new PstnLines { Fixed = { ["13800000009"] = PstnOutcome.Busy } });
        var before = await AfterLoginAsync();

        await SendAsync("Action: Originate\r\nActionID: s-2\r\nChannel: PJSIP/13800000009@trunk\r\nContext: dialer\r\nExten: sales\r\nPriority: 1\r\nAsync: no\r\n\r\n");

        await Eventually.True(() => Received().Contains("ActionID: s-2\r\n", StringComparison.Ordinal), "the Originate's answer", state: Received);
        await Eventually.True(() => Events().Any(e => e.Event == "Hangup"), "the busy channel's hangup", state: Received);
        var after = Received()[before..];
        Assert.StartsWith("Response: Error\r\nActionID: s-2\r\nMessage: Originate failed\r\n\r\n", after, StringComparison.Ordinal);
        var hangup = Events().Single(e => e.Event == "Hangup");
        Assert.Equal(("17", "User busy"), (hangup["Cause"], hangup["Cause-txt"]));
        Assert.DoesNotContain(Events(), e => e.Event == "OriginateResponse");
    }
}
