using System.Buffers;
using System.Text;
using Middleware.Adapters.Ami.Framing;
using Middleware.Adapters.Ami.Normalization;
using Middleware.Adapters.Ami.Protocol;
using Middleware.Core.Events;

namespace Middleware.Adapters.Tests.Ami.Normalization;

public class AmiNormalizerTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-26T10:00:00Z");

    private static List<AmiMessage> Messages(string transcript)
    {
        var parser = new AmiFrameParser(new AmiParserOptions { ExpectBanner = false });
        // Raw string literals drop the last newline; a stray blank line at the end is harmless.
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes((transcript + "\n\n").Replace("\r\n", "\n").Replace("\n", "\r\n")));
        var list = new List<AmiMessage>();
        while (parser.TryRead(ref buffer, out var frame))
        {
            list.Add(frame.Message!);
        }

        return list;
    }

    private static List<NormalizedEvent> Normalize(string transcript, AmiNormalizer? normalizer = null)
    {

        normalizer ??= new AmiNormalizer(["from-trunk"]);
        var output = new List<NormalizedEvent>();
        foreach (var m in Messages(transcript))
        {
            normalizer.Normalize(m, T0, output);
        }

        return output;
    }

    private static string Channel(string ev, string channel, string uid, string linked, int state = 6, string num = "1001", string extra = "") => $"""
        Event: {ev}
        Privilege: call,all
        Channel: {channel}
        ChannelState: {state}
        CallerIDNum: {num}
        CallerIDName: Caller {num}
        Context: from-trunk
        Exten: 4008001234
        Uniqueid: {uid}
        Linkedid: {linked}
        {extra}
        """ + "\n\n";

    [Theory]
    [InlineData("ChanVariable: SIPCALLID=a84b4c76e66710@10.0.0.9")]
    [InlineData("ChanVariable: CHANNEL(pjsip,call-id)=a84b4c76e66710@10.0.0.9")]
    [InlineData("ChanVariable(PJSIP/trunk-1): SIPCALLID=a84b4c76e66710@10.0.0.9")]
    public void The_sip_call_id_a_pbx_exposes_through_channelvars_goes_on_the_call_start(string chanVariable)
    {
        var events = Normalize(Channel("Newchannel", "PJSIP/trunk-1", "9.1", "9.1", state: 4, num: "13800138000", extra: "ChanVariable: ACCOUNTCODE=sales\n" + chanVariable));

        Assert.Equal("a84b4c76e66710@10.0.0.9", Assert.IsType<CallStarted>(Assert.Single(events).Payload).SipCallId);
    }

    [Fact]
    public void The_recorded_morning_maps_to_twelve_whole_calls()
    {
        var transcript = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ami", "Transcripts", "asterisk18-demo-morning.txt"));
        var normalizer = new AmiNormalizer(["from-trunk"]);
        var events = Normalize(transcript, normalizer);
        var calls = events.Where(e => e.CallId is not null).GroupBy(e => e.CallId).ToList();

        Assert.Equal(12, events.Count(e => e.Payload is CallStarted));
        Assert.Equal(12, calls.Count);
        Assert.All(calls, c => Assert.Single(c, e => e.Payload is CallEnded));
        Assert.All(calls, c => Assert.IsType<CallStarted>(c.First().Payload));
        Assert.All(calls, c => Assert.IsType<CallEnded>(c.Last(e => e.Payload is not AgentStateChanged and not TicketDraft).Payload));
        Assert.Equal(10, events.Count(e => e.Payload is AgentConnected));
        Assert.Equal(2, events.Count(e => e.Payload is CallDequeued { Reason: DequeueReason.Abandoned }));
        Assert.Equal(10, events.Count(e => e.Payload is CallDequeued { Reason: DequeueReason.Answered }));
        Assert.Equal(2, events.Count(e => e.Payload is CallHeld));
        Assert.Equal(2, events.Count(e => e.Payload is CallResumed));
        Assert.Single(events, e => e.Payload is CallTransferred { Transfer: TransferKind.Blind, Target: "1009" });
        Assert.Equal(3, events.Count(e => e.Payload is DtmfReceived));
        Assert.All(events.Select(e => e.Payload).OfType<CallStarted>(), s => Assert.Equal(CallDirection.Inbound, s.Direction));
        Assert.Empty(normalizer.OpenCalls);
        Assert.Equal(0, normalizer.Stats.Total(AmiMapping.Unmapped));
        Assert.All(events, e => Assert.NotNull(e.Source));
    }

    [Fact]
    public void Hangup_causes_durations_and_who_hung_up_are_kept()
    {
        var events = Normalize(
            Channel("Newchannel", "PJSIP/trunk-1", "100.1", "100.1", state: 4, num: "13800138000").Replace("Privilege: call,all", "Privilege: call,all\nTimestamp: 1795687200.000000") +
            Channel("Newchannel", "PJSIP/1001-2", "100.2", "100.1", state: 0, num: "1001").Replace("Privilege: call,all", "Privilege: call,all\nTimestamp: 1795687201.000000") +
            """
            Event: DialEnd
            Timestamp: 1795687205.500000
            Uniqueid: 100.1
            Linkedid: 100.1
            DestUniqueid: 100.2
            DestChannel: PJSIP/1001-2
            DestCallerIDNum: 1001
            DialStatus: ANSWER

            Event: HangupRequest
            Timestamp: 1795687265.500000
            Uniqueid: 100.2
            Linkedid: 100.1
            Cause: 16

            Event: Hangup
            Timestamp: 1795687265.600000
            Uniqueid: 100.2
            Linkedid: 100.1
            Cause: 16
            Cause-txt: Normal Clearing

            Event: Hangup
            Timestamp: 1795687265.700000
            Uniqueid: 100.1
            Linkedid: 100.1
            Cause: 16
            Cause-txt: Normal Clearing

            """);

        var ended = Assert.Single(events.Select(e => e.Payload).OfType<CallEnded>());
        Assert.Equal("normal-clearing", ended.Cause);
        Assert.Equal(16, ended.CauseCode);
        Assert.Equal(65.7, ended.DurationSeconds, 3);
        Assert.Equal(60.2, ended.TalkSeconds!.Value, 3);
        Assert.Equal(HangupParty.Callee, ended.HungUpBy);
        Assert.Equal("1001", ended.HungUpByNumber);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795687265700), events.Last().OccurredAt);
    }

    [Fact]
    public void Two_hangups_for_one_channel_end_the_call_once_and_a_dial_without_hangup_stays_open()
    {
        var normalizer = new AmiNormalizer();
        var events = Normalize(
            Channel("Newchannel", "PJSIP/a-1", "1.1", "1.1", state: 4) +
            Channel("Hangup", "PJSIP/a-1", "1.1", "1.1", extra: "Cause: 16") +
            Channel("Hangup", "PJSIP/a-1", "1.1", "1.1", extra: "Cause: 16") +
            Channel("Newchannel", "PJSIP/b-2", "2.1", "2.1", state: 4) +
            Channel("Newchannel", "PJSIP/c-3", "2.2", "2.1", state: 0) +
            Channel("Hangup", "PJSIP/c-3", "2.2", "2.1", extra: "Cause: 19"),
            normalizer);

        Assert.Single(events, e => e.Payload is CallEnded && e.CallId == "1.1");
        Assert.DoesNotContain(events, e => e.Payload is CallEnded && e.CallId == "2.1");
        Assert.Equal(["2.1"], normalizer.OpenCalls);
    }

    [Fact]
    public void Hold_and_music_on_hold_for_the_same_hold_give_one_held_and_one_resumed()
    {
        var events = Normalize(
            Channel("Newchannel", "PJSIP/a-1", "1.1", "1.1", state: 4) +
            Channel("Hold", "PJSIP/a-1", "1.1", "1.1") +
            Channel("MusicOnHoldStart", "PJSIP/a-1", "1.1", "1.1") +
            Channel("MusicOnHoldStop", "PJSIP/a-1", "1.1", "1.1") +
            Channel("Unhold", "PJSIP/a-1", "1.1", "1.1"));

        Assert.Single(events, e => e.Payload is CallHeld);
        Assert.Single(events, e => e.Payload is CallResumed);
    }

    [Fact]
    public void Events_without_a_mapping_are_kept_whole_and_attached_to_their_call()
    {
        var events = Normalize(
            Channel("Newchannel", "PJSIP/a-1", "1.1", "1.1", state: 4) +
            Channel("RTCPSent", "PJSIP/a-1", "1.1", "1.1", extra: "Report0FractionLost: 0\nSentPackets: 200") +
            """
            Event: PeerStatus
            Privilege: system,all
            ChannelType: PJSIP
            Peer: PJSIP/1001
            PeerStatus: Reachable
            """ + "\n\n" +
            Channel("UserEvent", "PJSIP/a-1", "1.1", "1.1", extra: "UserEvent: CallReason\nReason: billing"));

        var rtcp = Assert.Single(events, e => e.Payload is Unmapped { Name: "RTCPSent" });
        Assert.Equal("1.1", rtcp.CallId);
        Assert.Contains(new SourceField("SentPackets", "200"), ((Unmapped)rtcp.Payload).Fields);
        var peer = Assert.Single(events, e => e.Payload is Unmapped { Name: "PeerStatus" });
        Assert.Null(peer.CallId);
        Assert.Equal(5, ((Unmapped)peer.Payload).Fields.Count);
        var user = Assert.Single(events, e => e.Payload is Unmapped { Name: "UserEvent:CallReason" });
        Assert.Equal("1.1", user.CallId);
    }

    [Fact]
    public void Old_pbxs_without_linkedid_chain_legs_through_dial()
    {
        var events = Normalize("""
            Event: Newchannel
            Channel: SIP/trunk-0001
            ChannelState: 4
            CallerIDNum: 13800138000
            Context: from-trunk
            Exten: 4008001234
            Uniqueid: 1400000000.1

            Event: Newchannel
            Channel: SIP/1001-0002
            ChannelState: 0
            CallerIDNum: 1001
            Uniqueid: 1400000000.2

            Event: Dial
            SubEvent: Begin
            Channel: SIP/trunk-0001
            Destination: SIP/1001-0002
            UniqueID: 1400000000.1
            DestUniqueID: 1400000000.2
            Dialstring: 1001

            Event: Newstate
            Channel: SIP/1001-0002
            ChannelState: 6
            CallerIDNum: 1001
            Uniqueid: 1400000000.2

            Event: Hangup
            Channel: SIP/1001-0002
            Uniqueid: 1400000000.2
            Cause: 16

            Event: Hangup
            Channel: SIP/trunk-0001
            Uniqueid: 1400000000.1
            Cause: 16

            """);

        Assert.Single(events, e => e.Payload is CallStarted);
        Assert.All(events, e => Assert.Equal("1400000000.1", e.CallId));
        Assert.Single(events, e => e.Payload is CallRinging { Number: "1001" });
        Assert.Single(events, e => e.Payload is CallAnswered);
        Assert.Single(events, e => e.Payload is CallEnded);
    }

    [Fact]
    public void A_cdr_closes_a_call_whose_hangup_was_missed_and_is_kept_otherwise()
    {
        var events = Normalize(
            Channel("Newchannel", "PJSIP/a-1", "1.1", "1.1", state: 4) +
            "Event: Cdr\nUniqueID: 1.1\nDisposition: NO ANSWER\nDuration: 12\nBillableSeconds: 0\n\n" +
            "Event: Cdr\nUniqueID: 9.9\nDisposition: ANSWERED\n\n");

        Assert.Equal("no-answer", Assert.Single(events.Select(e => e.Payload).OfType<CallEnded>()).Cause);
        Assert.Single(events, e => e.Payload is Unmapped { Name: "Cdr" });
    }

    [Fact]
    public void Queue_member_events_become_agent_states()
    {
        var events = Normalize("""
            Event: QueueMemberAdded
            Queue: support
            MemberName: Alice
            Interface: PJSIP/1001
            Penalty: 1
            Status: 1
            Paused: 0

            Event: QueueMemberPause
            Queue: support
            MemberName: Alice
            Interface: PJSIP/1001
            Paused: 1
            PausedReason: lunch
            Status: 1

            Event: QueueMemberStatus
            Queue: support
            Interface: PJSIP/1001
            Status: 2
            Paused: 0

            Event: QueueMemberRemoved
            Queue: support
            Interface: PJSIP/1001

            """);

        var states = events.Select(e => (AgentStateChanged)e.Payload).ToList();
        Assert.Equal(["added", "paused", "status", "removed"], states.Select(s => s.Change));
        Assert.Equal([AgentState.Idle, AgentState.Paused, AgentState.Busy, AgentState.LoggedOut], states.Select(s => s.State));
        Assert.Equal("lunch", states[1].Reason);
        Assert.Equal(1, states[0].Penalty);
    }

    [Fact]
    public void Resync_closes_calls_that_ended_unseen_opens_missed_ones_and_flags_them()
    {
        var normalizer = new AmiNormalizer(["from-trunk"]);
        var output = new List<NormalizedEvent>();
        foreach (var m in Messages(Channel("Newchannel", "PJSIP/a-1", "1.1", "1.1", state: 4) + Channel("Newchannel", "PJSIP/b-2", "2.1", "2.1", state: 4)))
        {
            normalizer.Normalize(m, T0, output);
        }

        output.Clear();
        var live = Messages(Channel("CoreShowChannel", "PJSIP/b-2", "2.1", "2.1", extra: "Duration: 00:02:00") +
                            Channel("CoreShowChannel", "PJSIP/c-3", "3.1", "3.1", state: 6, extra: "Duration: 00:00:30"));
        var queue = Messages("Event: QueueMember\nQueue: support\nName: Bob\nLocation: PJSIP/1002\nStatus: 1\nPaused: 0\n\n");
        normalizer.Resync(new AmiResyncSnapshot(live, queue, [], T0.AddMinutes(5), T0.AddMinutes(1)), T0.AddMinutes(5), output);

        Assert.All(output, e => Assert.True(e.Synthesized));
        var gap = Assert.Single(output.Select(e => e.Payload).OfType<SourceGap>());
        Assert.Equal((T0.AddMinutes(1), T0.AddMinutes(5)), (gap.From, gap.To));
        Assert.Equal("unknown-during-outage", Assert.Single(output, e => e.CallId == "1.1").Payload is CallEnded c ? c.Cause : null);
        Assert.DoesNotContain(output, e => e.CallId == "2.1");
        var missed = Assert.Single(output, e => e.Payload is CallStarted);
        Assert.Equal("3.1", missed.CallId);
        Assert.Single(output, e => e.Payload is AgentStateChanged { Agent: "PJSIP/1002", State: AgentState.Idle });
        Assert.Equal(["2.1", "3.1"], normalizer.OpenCalls.Order());
    }
}
