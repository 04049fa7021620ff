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
}
