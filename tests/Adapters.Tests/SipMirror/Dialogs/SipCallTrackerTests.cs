using System.Net;
using Middleware.Adapters.SipMirror.Dialogs;
using Middleware.Adapters.SipMirror.Sip;
using Middleware.Core.Events;

namespace Middleware.Adapters.Tests.SipMirror.Dialogs;

public sealed class SipCallTrackerTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-26T09:00:00Z");
    private readonly SipCallTracker _tracker = new(new SipCallTrackerOptions { CallIdPrefix = "mirror:", InternalNumbers = "^8\\d{3}$" });
    private readonly List<SipCallEvent> _events = [];

    private void Feed(SipMessage message, double atSeconds) => _tracker.Process(message, T0.AddSeconds(atSeconds), _events);

    private SipFlow AnsweredCall(string id = "call-1@10.0.0.9")
    {
        var flow = new SipFlow(id);
        Feed(flow.Invite(), 0);
        Feed(flow.Response(100, "Trying", "INVITE", 1, null), 0.01);
        Feed(flow.Response(180, "Ringing", "INVITE", 1, "e-tag"), 0.5);
        Feed(flow.Response(200, "OK", "INVITE", 1, "e-tag", SipFlow.Sdp("10.0.0.5", 20000)), 3);
        Feed(flow.Request("ACK", "sip:8001@10.0.0.5", 1, "e-tag"), 3.01);
        return flow;
    }

    [Fact]
    public void A_call_answered_and_hung_up_by_the_callee_reads_like_the_ami_view()
    {
        var flow = AnsweredCall();
        Feed(flow.Request("BYE", "sip:13800138000@10.0.0.9", 1, "c-tag", fromTag: "e-tag", fromCallee: true), 63);
        Feed(flow.Response(200, "OK", "BYE", 1, "c-tag", fromTag: "e-tag", toCallee: true), 63.02);

        Assert.Equal(["CallStarted", "CallRinging", "CallAnswered", "CallEnded"], _events.Select(e => e.Payload.Kind));
        Assert.All(_events, e => Assert.Equal("mirror:call-1@10.0.0.9", e.CallId));
        var started = Assert.IsType<CallStarted>(_events[0].Payload);
        Assert.Equal(("13800138000", "8001", CallDirection.Inbound, "call-1@10.0.0.9"), (started.CallerNumber, started.DialedNumber, started.Direction, started.SipCallId));
        var ended = Assert.IsType<CallEnded>(_events[3].Payload);
        Assert.Equal(("normal-clearing", 16, HangupParty.Callee, "8001"), (ended.Cause, ended.CauseCode, ended.HungUpBy, ended.HungUpByNumber));
        Assert.Equal(63, ended.DurationSeconds, 3);
        Assert.Equal(60, ended.TalkSeconds!.Value, 3);
        Assert.Equal(T0.AddSeconds(63), _events[3].OccurredAt);
    }

    [Fact]
    public void Retransmissions_and_the_proxys_second_copy_are_counted_once()
    {
        var flow = new SipFlow("retx@h");
        Feed(flow.Invite(branch: "z9hG4bK-uac"), 0);
        Feed(flow.Invite(branch: "z9hG4bK-uac"), 0.5); // Timer A retransmission
        Feed(flow.Invite(branch: "z9hG4bK-proxy"), 0.001); // the proxy's forwarded copy (its own Via)
        Feed(flow.Response(200, "OK", "INVITE", 1, "e"), 1);
        Feed(flow.Response(200, "OK", "INVITE", 1, "e"), 1.5);

        Assert.Equal(["CallStarted", "CallAnswered"], _events.Select(e => e.Payload.Kind));
        Assert.Equal(3, _tracker.Stats.Duplicates);
    }

    [Fact]
    public void A_caller_who_cancels_before_answer_ends_the_call_once()
    {
        var flow = new SipFlow("cancel@h");
        Feed(flow.Invite(), 0);
        Feed(flow.Response(180, "Ringing", "INVITE", 1, "e"), 1);
        Feed(flow.Request("CANCEL", "sip:8001@10.0.0.5", 1, null), 9);
        Feed(flow.Response(200, "OK", "CANCEL", 1, "e"), 9.01);
        Feed(flow.Response(487, "Request Terminated", "INVITE", 1, "e"), 9.02);

        var ended = Assert.IsType<CallEnded>(_events.Last().Payload);
        Assert.Equal(("cancelled", HangupParty.Caller, (double?)null), (ended.Cause, ended.HungUpBy, ended.TalkSeconds));
        Assert.Single(_events, e => e.Payload is CallEnded);
    }

    [Theory]
    [InlineData(486, "busy", 17, HangupParty.Callee)]
    [InlineData(480, "no-answer", 18, HangupParty.Callee)]
    [InlineData(404, "not-found", 1, HangupParty.Callee)]
    [InlineData(503, "congestion", 34, HangupParty.System)]
    [InlineData(302, "redirected", 23, HangupParty.Callee)]
    public void Failure_responses_end_the_call_with_a_readable_and_a_q850_cause(int status, string cause, int q850, HangupParty by)
    {
        var flow = new SipFlow("fail@h");
        Feed(flow.Invite(), 0);
        Feed(flow.Response(status, "Whatever", "INVITE", 1, "e"), 2);

        var ended = Assert.IsType<CallEnded>(_events.Last().Payload);
        Assert.Equal((cause, (int?)q850, by), (ended.Cause, ended.CauseCode, ended.HungUpBy));
    }

    [Fact]
    public void A_re_invite_sendonly_holds_the_other_party_and_sendrecv_resumes()
    {
        var flow = AnsweredCall();
        Feed(flow.ReInvite("e-tag", "c-tag", 2, SipFlow.Sdp("10.0.0.5", 20000, "sendonly"), fromCallee: true), 10);
        Feed(flow.Response(200, "OK", "INVITE", 2, "c-tag", SipFlow.Sdp("10.0.0.9", 16000, "recvonly"), fromTag: "e-tag", toCallee: true), 10.1);
        Feed(flow.ReInvite("e-tag", "c-tag", 3, SipFlow.Sdp("10.0.0.5", 20000), fromCallee: true), 30);

        var held = Assert.IsType<CallHeld>(_events[^2].Payload);
        Assert.Equal("13800138000", held.Party);
        Assert.IsType<CallResumed>(_events[^1].Payload);
    }

    [Fact]
    public void A_refer_accepted_is_a_blind_transfer_and_one_with_replaces_an_attended_one()
    {
        var flow = AnsweredCall();
        Feed(flow.Request("REFER", "sip:13800138000@10.0.0.9", 2, "c-tag", fromTag: "e-tag", fromCallee: true, extra: "Refer-To: <sip:8002@10.0.0.5>\r\n"), 20);
        Feed(flow.Response(202, "Accepted", "REFER", 2, "c-tag", fromTag: "e-tag", toCallee: true), 20.1);
        Feed(flow.Request("REFER", "sip:13800138000@10.0.0.9", 3, "c-tag", fromTag: "e-tag", fromCallee: true,
            extra: "Refer-To: <sip:8003@10.0.0.5?Replaces=other-call%40h%3Bto-tag%3Da%3Bfrom-tag%3Db>\r\n"), 40);
        Feed(flow.Response(202, "Accepted", "REFER", 3, "c-tag", fromTag: "e-tag", toCallee: true), 40.1);

        var transfers = _events.Select(e => e.Payload).OfType<CallTransferred>().ToList();
        Assert.Equal(new CallTransferred(TransferKind.Blind, "8002", "8001", null, "accepted"), transfers[0]);
        Assert.Equal(new CallTransferred(TransferKind.Attended, "8003", "8001", "mirror:other-call@h", "accepted"), transfers[1]);
    }

    [Fact]
    public void A_second_fork_answering_does_not_answer_or_end_the_call_twice()
    {
        var flow = AnsweredCall();
        Feed(flow.Response(200, "OK", "INVITE", 1, "fork-2"), 3.2);
        Feed(flow.Request("BYE", "sip:8001@10.0.0.6", 2, "fork-2"), 3.3); // the caller releases the extra fork
        Feed(flow.Request("BYE", "sip:8001@10.0.0.5", 3, "e-tag"), 50);

        Assert.Single(_events, e => e.Payload is CallAnswered);
        var ended = Assert.Single(_events, e => e.Payload is CallEnded);
        Assert.Equal(T0.AddSeconds(50), ended.OccurredAt);
        Assert.Equal(HangupParty.Caller, ((CallEnded)ended.Payload).HungUpBy);
        Assert.Equal(1, _tracker.Stats.ForkedAnswers);
    }

    [Fact]
    public void A_call_whose_bye_was_never_seen_ends_after_media_silence_but_not_while_audio_flows()
    {
        AnsweredCall();
        _tracker.MediaSeen("mirror:call-1@10.0.0.9", T0.AddSeconds(100));
        _tracker.Sweep(T0.AddSeconds(150), _events);
        Assert.DoesNotContain(_events, e => e.Payload is CallEnded);

        _tracker.Sweep(T0.AddSeconds(161), _events);

        var ended = Assert.IsType<CallEnded>(_events.Last().Payload);
        Assert.Equal(("timeout", HangupParty.System), (ended.Cause, ended.HungUpBy));
        Assert.Equal(T0.AddSeconds(100), _events.Last().OccurredAt);
        _tracker.Sweep(T0.AddSeconds(200), _events);
        Assert.Empty(_tracker.Calls);
    }

    [Fact]
    public void A_call_seen_only_by_its_signalling_lives_past_the_media_silence_timeout_until_its_bye()
    {
        // Before: ended at 63 s as timeout by System, its duration the time to ACK, the BYE at 118 s ignored (issue 16, item 3).
        var flow = AnsweredCall();
        _tracker.Sweep(T0.AddSeconds(100), _events);
        Feed(flow.Request("BYE", "sip:8001@10.0.0.5", 2, "e-tag"), 118);

        var ended = Assert.IsType<CallEnded>(Assert.Single(_events, e => e.Payload is CallEnded).Payload);
        Assert.Equal(("normal-clearing", HangupParty.Caller), (ended.Cause, ended.HungUpBy));
        Assert.Equal(118, ended.DurationSeconds, 3);
    }

    [Fact]
    public void A_signalling_only_call_ends_at_its_long_ceiling_when_nothing_more_is_heard()
    {
        AnsweredCall();
        _tracker.Sweep(T0.AddHours(3.9), _events);
        Assert.DoesNotContain(_events, e => e.Payload is CallEnded);

        _tracker.Sweep(T0.AddHours(4.1), _events);

        Assert.Equal("timeout", Assert.IsType<CallEnded>(_events.Last().Payload).Cause);
    }

    [Fact]
    public void A_session_timer_not_refreshed_ends_the_call_at_its_expiry_and_a_refresh_keeps_it()
    {
        var flow = new SipFlow("timer@h");
        Feed(flow.Invite(), 0);
        Feed(WithSessionExpires(flow.Response(200, "OK", "INVITE", 1, "e-tag", SipFlow.Sdp("10.0.0.5", 20000)), 120), 1);
        Feed(flow.ReInvite("c-tag", "e-tag", 2, SipFlow.Sdp("10.0.0.9", 16000)), 100); // the refresh (RFC 4028 §7.4)
        Feed(WithSessionExpires(flow.Response(200, "OK", "INVITE", 2, "e-tag", SipFlow.Sdp("10.0.0.5", 20000)), 120), 100.1);
        _tracker.Sweep(T0.AddSeconds(200), _events);
        Assert.DoesNotContain(_events, e => e.Payload is CallEnded);

        _tracker.Sweep(T0.AddSeconds(221), _events);

        var ended = Assert.Single(_events, e => e.Payload is CallEnded);
        Assert.Equal(("session-expired", HangupParty.System), (((CallEnded)ended.Payload).Cause, ((CallEnded)ended.Payload).HungUpBy));
        Assert.Equal(T0.AddSeconds(220.1), ended.OccurredAt);
    }

    [Fact]
    public void Activity_is_judged_on_the_receiving_clock_while_events_keep_the_agents_timestamps()
    {
        // A capture agent 10 minutes behind (issue 16, item 4): before, the first sweep ended the call as timeout.
        var skewed = T0.AddMinutes(-10);
        var flow = new SipFlow("skew@h");
        _tracker.Process(flow.Invite(), skewed, _events, heardAt: T0);
        _tracker.Process(flow.Response(200, "OK", "INVITE", 1, "e-tag", SipFlow.Sdp("10.0.0.5", 20000)), skewed.AddSeconds(2), _events, heardAt: T0.AddSeconds(2));
        _tracker.MediaSeen("mirror:skew@h", skewed.AddSeconds(30), heardAt: T0.AddSeconds(30));

        _tracker.Sweep(T0.AddSeconds(60), _events);

        Assert.DoesNotContain(_events, e => e.Payload is CallEnded);
        Assert.Equal(skewed, _events[0].OccurredAt);
        _tracker.Sweep(T0.AddSeconds(91), _events);
        Assert.Equal(skewed.AddSeconds(30), Assert.Single(_events, e => e.Payload is CallEnded).OccurredAt);
    }

    private static SipMessage WithSessionExpires(SipMessage message, int seconds)
    {
        var text = System.Text.Encoding.ASCII.GetString(message.Raw.Span);
        var withHeader = text.Replace("Content-Type:", $"Session-Expires: {seconds};refresher=uac\r\nContent-Type:", StringComparison.Ordinal);
        return SipParser.Parse(System.Text.Encoding.ASCII.GetBytes(withHeader), out _)!;
    }

    [Fact]
    public void Sdp_addresses_map_rtp_to_the_call_and_the_speaker()
    {
        AnsweredCall();

        var toCallee = _tracker.Flows.Find(new IPEndPoint(IPAddress.Parse("10.0.0.9"), 16000), new IPEndPoint(IPAddress.Parse("10.0.0.5"), 20000));
        var natted = _tracker.Flows.Find(new IPEndPoint(IPAddress.Parse("10.0.0.5"), 20000), new IPEndPoint(IPAddress.Parse("203.0.113.7"), 40000));

        Assert.Equal(("mirror:call-1@10.0.0.9", SipParty.Caller), (toCallee!.Value.CallId, toCallee.Value.Speaker));
        Assert.Equal(SipParty.Callee, natted!.Value.Speaker);
    }

    [Fact]
    public void Hold_and_resume_by_update_read_like_a_reinvite()
    {
        var flow = AnsweredCall("update@h");
        Feed(flow.Request("UPDATE", "sip:13800138000@10.0.0.9", 2, "c-tag", SipFlow.Sdp("10.0.0.5", 20000, "sendonly"), fromTag: "e-tag", fromCallee: true), 10);
        Feed(flow.Response(200, "OK", "UPDATE", 2, "c-tag", SipFlow.Sdp("10.0.0.9", 16000, "recvonly"), fromTag: "e-tag", toCallee: true), 10.01);
        Feed(flow.Request("UPDATE", "sip:13800138000@10.0.0.9", 3, "c-tag", SipFlow.Sdp("10.0.0.5", 20000), fromTag: "e-tag", fromCallee: true), 20);

        Assert.Equal(["CallStarted", "CallRinging", "CallAnswered", "CallHeld", "CallResumed"], _events.Select(e => e.Payload.Kind));
        Assert.Equal("13800138000", Assert.IsType<CallHeld>(_events[3].Payload).Party);
    }
}
