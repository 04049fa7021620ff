using Middleware.Core.Events;
using static Middleware.Adapters.Tests.Ami.Fidelity.Asterisk22Transcripts;

namespace Middleware.Adapters.Tests.Ami.Fidelity;

/// <summary>Issue 17, item by item, on transcripts of what Asterisk 22 sends.</summary>
public class Asterisk22FidelityTests
{
    [Fact]
    public void A_digit_is_one_press_by_the_party_who_pressed_it_however_many_legs_report_it()
    {
        var digits = Normalize("asterisk22-dtmf-per-party.txt").Select(e => e.Payload).OfType<DtmfReceived>().ToList();

        Assert.Equal("258019", string.Concat(digits.Where(d => d.Party == Speaker.Caller).Select(d => d.Digit)));
        Assert.Equal("*2", string.Concat(digits.Where(d => d.Party == Speaker.Agent).Select(d => d.Digit)));
        Assert.Equal(8, digits.Count);
        Assert.All(digits.Where(d => d.Party == Speaker.Caller), d => Assert.Equal("PJSIP/trunk-00000001", d.Channel));
        Assert.All(digits.Where(d => d.Party == Speaker.Agent), d => Assert.Equal("PJSIP/1001-00000002", d.Channel));
        Assert.All(digits, d => Assert.Equal("received", d.Direction));
    }

    [Fact]
    public void A_queue_timeout_is_a_timeout_and_a_caller_hanging_up_in_the_queue_abandons()
    {
        var events = Normalize("asterisk22-queue-timeout-and-abandon.txt");
        var dequeued = events.Where(e => e.Payload is CallDequeued).ToDictionary(e => e.CallId!, e => (CallDequeued)e.Payload);

        Assert.Equal(2, dequeued.Count);
        Assert.Equal(new CallDequeued("support", DequeueReason.Timeout, 30, 1), dequeued["1795687200.1"]);
        Assert.Equal(new CallDequeued("support", DequeueReason.Abandoned, 12, 2), dequeued["1795687200.2"]);
        var ends = events.Where(e => e.Payload is CallEnded).ToDictionary(e => e.CallId!, e => (CallEnded)e.Payload);
        Assert.Equal(HangupParty.Caller, ends["1795687200.2"].HungUpBy);
        Assert.Equal(HangupParty.Caller, ends["1795687200.1"].HungUpBy);

        // The timed-out caller went on to voicemail: its call ended 25 s after it left the queue.
        var timedOutAt = events.Single(e => e.Payload is CallDequeued { Reason: DequeueReason.Timeout }).OccurredAt;
        Assert.True(events.Single(e => e.CallId == "1795687200.1" && e.Payload is CallEnded).OccurredAt - timedOutAt >= TimeSpan.FromSeconds(25));
    }

    [Fact]
    public void Music_while_queued_is_no_hold_and_the_agents_hold_is_one_hold()
    {
        var events = Normalize("asterisk22-queue-music-and-hold.txt");

        var held = Assert.Single(events.Select(e => e.Payload).OfType<CallHeld>());
        Assert.Equal(("1001", "PJSIP/1001-00000002"), (held.Party, held.Channel));
        Assert.Single(events.Select(e => e.Payload).OfType<CallResumed>());
        Assert.True(events.FindIndex(e => e.Payload is CallHeld) > events.FindIndex(e => e.Payload is AgentConnected));
    }

    [Fact]
    public void An_originated_call_takes_its_caller_number_from_new_callerid_and_its_answer_from_the_phone_that_answered()
    {
        var events = Normalize("asterisk22-originated-call.txt");

        var started = Assert.IsType<CallStarted>(events[0].Payload);
        Assert.Equal((null, null, CallDirection.Outbound), (started.CallerNumber, started.DialedNumber, started.Direction));
        var details = events.Select(e => e.Payload).OfType<CallDetailsChanged>().ToList();
        Assert.Equal(new CallDetailsChanged("13800138000", "Zhang Wei"), details[0]);
        Assert.Equal(new CallDetailsChanged(DialedNumber: "13800138000", Direction: CallDirection.Outbound), details[1]);
        var answered = Assert.Single(events.Select(e => e.Payload).OfType<CallAnswered>());
        Assert.Equal(("1001", "PJSIP/1001-00000001", false), (answered.AnsweredBy, answered.Channel, answered.ByDialplan));
        Assert.Equal(HangupParty.Callee, Assert.Single(events.Select(e => e.Payload).OfType<CallEnded>()).HungUpBy);
    }

    [Fact]
    public void A_call_the_dialplan_answers_is_answered_by_the_pbx()
    {
        var events = Normalize("asterisk22-dialplan-answers.txt");

        var answered = Assert.Single(events.Select(e => e.Payload).OfType<CallAnswered>());
        Assert.Equal(new CallAnswered("dialplan:Answer", "PJSIP/trunk-00000001", ByDialplan: true), answered);
        var ended = Assert.Single(events.Select(e => e.Payload).OfType<CallEnded>());
        Assert.Equal((HangupParty.Caller, "normal-clearing"), (ended.HungUpBy, ended.Cause));
    }

    [Fact]
    public void The_agent_who_transfers_is_named_not_the_caller_id_the_agents_leg_shows()
    {
        var transfer = Assert.Single(Normalize("asterisk22-agent-transfers.txt").Select(e => e.Payload).OfType<CallTransferred>());

        Assert.Equal((TransferKind.Blind, "1009", "Local/1001@agents"), (transfer.Transfer, transfer.Target, transfer.TransferredBy));
    }

    [Fact]
    public void A_call_cut_by_a_pbx_restart_ends_with_the_cause_on_the_callers_leg()
    {
        var ended = Assert.Single(Normalize("asterisk22-restart-cuts-a-call.txt").Select(e => e.Payload).OfType<CallEnded>());

        Assert.Equal(("normal-clearing", 16), (ended.Cause, ended.CauseCode));
    }

    [Fact]
    public void The_sip_call_id_the_dialplan_sets_after_newchannel_reaches_the_call_for_every_leg()
    {
        var events = Normalize("asterisk22-sip-call-ids.txt");

        Assert.Null(Assert.IsType<CallStarted>(events[0].Payload).SipCallId);
        Assert.Equal(["a84b4c76e66710@198.51.100.7", "3f2a91c0-5d1e-4b7a-9c11-0a6f2d4e8b21"],
            events.Select(e => e.Payload).OfType<CallDetailsChanged>().Select(d => d.SipCallId));
        Assert.All(events, e => Assert.Equal("1795687200.1", e.CallId));
        Assert.Equal(new CallAnswered("1001", "PJSIP/1001-00000002"), Assert.Single(events.Select(e => e.Payload).OfType<CallAnswered>()));
    }
}
