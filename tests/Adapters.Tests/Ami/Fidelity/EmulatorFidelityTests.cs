using System.Text;
using Middleware.Core.Events;
using Middleware.Samples.Pbx;
using Middleware.TestSupport;
using static Middleware.Adapters.Tests.Ami.Fidelity.Asterisk22Transcripts;

namespace Middleware.Adapters.Tests.Ami.Fidelity;

/// <summary>The emulated PBX says what Asterisk 22 says for the same journey, and the normalizer reads it right.</summary>
public class EmulatorFidelityTests
{
    /// <summary>Plays one journey on a PBX model in fast virtual time and returns the AMI bytes it emitted.</summary>
    private static async Task<byte[]> Play(Func<PbxModel, Task> journey)
    {
        var text = new StringBuilder();
        var pbx = new PbxModel(new ScaledClock(100_000, DateTimeOffset.Parse("2026-11-26T10:00:00Z")), t =>
        {
            lock (text)
            {
                text.Append(t);
            }
        });
        pbx.AddMember("support", "PJSIP/1001", "Wang Li");
        await journey(pbx);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static async Task<PbxCall> Connected(PbxModel pbx, string ivrDigits)
    {
        var call = PbxCall.Inbound(pbx, "13800138000", "Zhang Wei", "4008001234");
        await call.PressAsync(ivrDigits);
        await call.EnterQueueAsync("support");
        Assert.True(await call.RingAgentAsync("PJSIP/1001", answers: true, TimeSpan.FromSeconds(3)));
        return call;
    }

    [Fact]
    public async Task Bridged_digits_are_reported_received_and_sent_and_read_once_per_press()
    {
        var bytes = await Play(async pbx =>
        {
            var call = await Connected(pbx, "25");
            await call.PressAsync("1");
            await call.AgentPressAsync("*2");
            call.Hangup(byCaller: true);
        });

        var messages = Messages(bytes);
        Assert.Equal(["Received", "Sent"], messages.Where(m => m.Event == "DTMFEnd" && m["Digit"] == "1").Select(m => m["Direction"]));
        var digits = Normalize(bytes).Select(e => e.Payload).OfType<DtmfReceived>().ToList();
        Assert.Equal("251", string.Concat(digits.Where(d => d.Party == Speaker.Caller).Select(d => d.Digit)));
        Assert.Equal("*2", string.Concat(digits.Where(d => d.Party == Speaker.Agent).Select(d => d.Digit)));
    }

    [Fact]
    public async Task The_queue_plays_music_to_a_waiting_caller_and_an_agents_hold_is_the_only_hold()
    {
        var bytes = await Play(async pbx =>
        {
            var call = await Connected(pbx, "");
            await call.HoldAsync(TimeSpan.FromSeconds(5));
            call.Hangup(byCaller: false);
        });

        var messages = Messages(bytes);
        Assert.Equal(2, messages.Count(m => m.Event == "MusicOnHoldStart"));
        Assert.StartsWith("PJSIP/1001-", Assert.Single(messages, m => m.Event == "Hold")["Channel"]);
        var events = Normalize(bytes);
        Assert.Single(events, e => e.Payload is CallHeld);
        Assert.Single(events, e => e.Payload is CallResumed);
    }

    [Fact]
    public async Task An_originated_call_gets_its_caller_id_after_the_channel_and_the_normalizer_applies_it()
    {
        var text = new StringBuilder();
        void Emit(string t)
        {
            lock (text)
            {
                text.Append(t);
            }
        }

        string Text()
        {
            lock (text)
            {
                return text.ToString();
            }
        }

        var pbx = new PbxModel(new ScaledClock(100_000, DateTimeOffset.Parse("2026-11-26T10:00:00Z")), Emit);
        var action = Messages(Encoding.UTF8.GetBytes("Action: Originate\r\nActionID: cb-1\r\nChannel: PJSIP/1001\r\nContext: from-internal\r\n" +
                                                     "Exten: 13800138000\r\nPriority: 1\r\nCallerID: \"Zhang Wei\" <13800138000>\r\nAsync: true\r\n\r\n"))[0];
        Assert.Equal("Success", Messages(pbx.Execute("Originate", action, Emit).ToBytes())[0]["Response"]);
        await Eventually.True(() => Text().Contains("Event: Hangup", StringComparison.Ordinal), "the originated call ends", state: Text);

        var messages = Messages(Encoding.UTF8.GetBytes(Text()));
        Assert.Equal(["Newchannel", "NewCallerid", "NewConnectedLine", "Newstate", "Newstate", "Newexten", "OriginateResponse", "Hangup"], messages.Select(m => m.Event));
        Assert.Equal(("<unknown>", "s"), (messages[0]["CallerIDNum"], messages[0]["Exten"]));
        var events = Normalize(Encoding.UTF8.GetBytes(Text()));
        Assert.Equal(new CallDetailsChanged("13800138000", "Zhang Wei"), events.Select(e => e.Payload).OfType<CallDetailsChanged>().First());
        Assert.Equal("1001", Assert.Single(events.Select(e => e.Payload).OfType<CallAnswered>()).AnsweredBy);
    }

    [Fact]
    public async Task Queue_prio_counts_only_on_entry_and_queue_change_priority_caller_moves_a_waiting_caller()
    {
        var pbx = new PbxModel(new ScaledClock(100_000), _ => { });
        var first = PbxCall.Inbound(pbx, "13900139001", "Li Na", "4008001234");
        await first.EnterQueueAsync("support");
        var late = PbxCall.Inbound(pbx, "13800138000", "Zhang Wei", "4008001234");
        await late.EnterQueueAsync("support");
        var early = PbxCall.Inbound(pbx, "13700137002", "Wang Fang", "4008001234");
        pbx.SetVariable(early.Caller, "QUEUE_PRIO", "10");
        await early.EnterQueueAsync("support");
        Assert.Equal([early.Caller, first.Caller, late.Caller], pbx.Queue("support").Entries.Select(e => e.Caller));

        pbx.SetVariable(late.Caller, "QUEUE_PRIO", "20"); // too late: app_queue read it on entry
        Assert.Equal(late.Caller, pbx.Queue("support").Entries[^1].Caller);

        var change = Messages(Encoding.UTF8.GetBytes($"Action: QueueChangePriorityCaller\r\nActionID: p1\r\nQueue: support\r\nCaller: {late.Caller.Name}\r\nPriority: 20\r\nImmediate: yes\r\n\r\n"))[0];
        Assert.Equal("Success", Messages(pbx.Execute("QueueChangePriorityCaller", change, _ => { }).ToBytes())[0]["Response"]);
        Assert.Equal([late.Caller, early.Caller, first.Caller], pbx.Queue("support").Entries.Select(e => e.Caller));
        var gone = Messages(Encoding.UTF8.GetBytes("Action: QueueChangePriorityCaller\r\nQueue: support\r\nCaller: PJSIP/nobody-1\r\nPriority: 1\r\n\r\n"))[0];
        Assert.Equal("Error", Messages(pbx.Execute("QueueChangePriorityCaller", gone, _ => { }).ToBytes())[0]["Response"]);
    }

    [Fact]
    public async Task Dialled_legs_show_the_callers_id_and_the_parties_are_still_named_right()
    {
        var bytes = await Play(async pbx =>
        {
            var call = await Connected(pbx, "");
            await call.HoldAsync(TimeSpan.FromSeconds(2));
            await call.BlindTransferAsync("1009", "Supervisor");
            call.Hangup(byCaller: false);
        });

        var messages = Messages(bytes);
        Assert.All(messages.Where(m => m.Event == "Newchannel" && m["Channel"]!.StartsWith("PJSIP/10", StringComparison.Ordinal)), m => Assert.Equal("13800138000", m["CallerIDNum"]));
        var events = Normalize(bytes).Select(e => e.Payload).ToList();
        Assert.Equal("1001", events.OfType<CallAnswered>().Single(a => !a.ByDialplan).AnsweredBy);
        Assert.Equal("1001", Assert.Single(events.OfType<CallHeld>()).Party);
        Assert.Equal(("1009", "PJSIP/1001"), (Assert.Single(events.OfType<CallTransferred>()).Target, events.OfType<CallTransferred>().Single().TransferredBy));
        var ended = Assert.Single(events.OfType<CallEnded>());
        Assert.Equal((HangupParty.Callee, "1009"), (ended.HungUpBy, ended.HungUpByNumber));
    }

    [Fact]
    public async Task A_queue_timeout_sends_an_abandon_and_the_callers_queuestatus_and_reads_as_a_timeout()
    {
        var bytes = await Play(async pbx =>
        {
            var waiting = PbxCall.Inbound(pbx, "13900139001", "Li Na", "4008001234");
            await waiting.EnterQueueAsync("support");
            await pbx.Clock.Wait(TimeSpan.FromSeconds(30));
            waiting.QueueTimeout();
            await pbx.Clock.Wait(TimeSpan.FromSeconds(20));
            waiting.Hangup(byCaller: true);

            var gone = PbxCall.Inbound(pbx, "13700137002", "Wang Fang", "4008001234");
            await gone.EnterQueueAsync("support");
            gone.Abandon();
        });

        var messages = Messages(bytes);
        Assert.Equal(2, messages.Count(m => m.Event == "QueueCallerAbandon"));
        Assert.Single(messages, m => m.Event == "VarSet" && m["Variable"] == "QUEUESTATUS" && m["Value"] == "TIMEOUT");
        var reasons = Normalize(bytes).Select(e => e.Payload).OfType<CallDequeued>().Select(d => d.Reason);
        Assert.Equal([DequeueReason.Timeout, DequeueReason.Abandoned], reasons);
    }
}
