using Microsoft.Extensions.Time.Testing;
using Middleware.Core.CallState;
using Middleware.Core.Events;
using Middleware.TestSupport;

namespace Middleware.Core.Tests.CallState;

public class CallStateStoreTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-26T10:00:00Z");
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly CallStateStore _store;

    public CallStateStoreTests() => _store = new CallStateStore(_clock);

    private void Apply(string? callId, CallCenterEvent payload, double atSeconds) =>
        _store.Apply(TestEvents.Make(callId, payload, at: T0.AddSeconds(atSeconds)));

    private void AgentJoins(string agent, string queue) =>
        Apply(null, new AgentStateChanged(agent, agent.ToUpperInvariant(), AgentState.Idle, queue, "added", Paused: false), 0);

    [Fact]
    public void A_queued_call_answered_by_an_agent_moves_through_the_board()
    {
        AgentJoins("pjsip/1001", "support");
        AgentJoins("pjsip/1002", "support");
        Apply("c1", new CallStarted("13800138000", "王芳", "400", CallDirection.Inbound, "PJSIP/trunk-1"), 0);
        Apply("c1", new CallQueued("support", 1, 1), 1);
        _clock.SetUtcNow(T0.AddSeconds(11));

        var board = _store.GetQueue("support")!;
        Assert.Equal(1, board.Waiting);
        Assert.Equal(10, board.LongestWaitSeconds, 3);
        Assert.Equal(2, board.IdleMembers);
        Assert.Single(_store.CallsInQueue("support"));

        Apply("c1", new AgentRinging("pjsip/1001", "Alice", "support"), 5);
        Apply("c1", new CallDequeued("support", DequeueReason.Answered, 9), 10);
        Apply("c1", new AgentConnected("pjsip/1001", "Alice", "support", 9, 5), 10);

        var call = _store.GetCall("c1")!;
        Assert.Equal(CallPhase.Connected, call.Phase);
        Assert.Equal("pjsip/1001", call.Agent);
        Assert.Equal(T0.AddSeconds(10), call.AnsweredAt);
        Assert.Equal("c1", _store.GetAgent("pjsip/1001")!.CurrentCallId);
        Assert.Equal(AgentState.Busy, _store.GetAgent("pjsip/1001")!.State);
        board = _store.GetQueue("support")!;
        Assert.Equal(0, board.Waiting);
        Assert.Equal(1, board.IdleMembers);
        Assert.Equal(100, board.ServiceLevelPercent);

        Apply("c1", new CallHeld("1001"), 20);
        Assert.Equal(CallPhase.Held, _store.GetCall("c1")!.Phase);
        Apply("c1", new CallResumed("1001"), 25);
        Apply("c1", new CallEnded("normal-clearing", 16, 60, 50, HangupParty.Caller), 60);

        call = _store.GetCall("c1")!;
        Assert.Equal(CallPhase.Ended, call.Phase);
        Assert.Equal(1, call.Holds);
        var agent = _store.GetAgent("pjsip/1001")!;
        Assert.Null(agent.CurrentCallId);
        Assert.Equal(AgentState.Idle, agent.State);
        Assert.Equal(1, agent.HandledToday);
        Assert.Empty(_store.Calls());
        Assert.Single(_store.Calls(includeEnded: true));
    }

    [Fact]
    public void The_callers_digits_are_the_calls_and_an_agents_feature_code_is_not()
    {
        Apply("c1", new CallStarted("13800138000", null, "400", CallDirection.Inbound), 0);
        Apply("c1", new DtmfReceived("2", "received", 120, "PJSIP/trunk-1", Speaker.Caller), 1);
        Apply("c1", new DtmfReceived("*", "received", 120, "PJSIP/1001-2", Speaker.Agent), 2);
        Apply("c1", new DtmfReceived("5", "received", 120), 3);

        Assert.Equal("25", _store.GetCall("c1")!.Dtmf);
    }

    [Fact]
    public void A_queue_timeout_is_not_an_abandon()
    {
        Apply("c1", new CallStarted("13800138000", null, "400", CallDirection.Inbound), 0);
        Apply("c1", new CallQueued("support", 1, 1), 1);
        Apply("c1", new CallDequeued("support", DequeueReason.Timeout, 30), 31);

        Assert.Equal(0, _store.GetQueue("support")!.Abandoned);
    }

    [Fact]
    public void Abandons_count_against_the_service_level()
    {
        Apply("c1", new CallStarted("1", null, "400", CallDirection.Inbound), 0);
        Apply("c1", new CallQueued("sales", 1, 1), 0);
        Apply("c1", new CallDequeued("sales", DequeueReason.Answered, 30), 30); // answered, but late
        Apply("c2", new CallStarted("2", null, "400", CallDirection.Inbound), 0);
        Apply("c2", new CallQueued("sales", 1, 1), 0);
        Apply("c2", new CallDequeued("sales", DequeueReason.Abandoned, 5), 5);
        Apply("c3", new CallStarted("3", null, "400", CallDirection.Inbound), 0);
        Apply("c3", new CallQueued("sales", 1, 1), 0);
        Apply("c3", new CallDequeued("sales", DequeueReason.Answered, 3), 3);

        var q = _store.GetQueue("sales")!;
        Assert.Equal(2, q.Completed);
        Assert.Equal(1, q.Abandoned);
        Assert.Equal(100.0 / 3, q.ServiceLevelPercent!.Value, 3);
    }

    [Fact]
    public void A_paused_agent_is_not_idle_and_removed_members_leave_the_queue()
    {
        AgentJoins("pjsip/1001", "support");
        Apply(null, new AgentStateChanged("pjsip/1001", null, AgentState.Paused, "support", "paused", Paused: true, Reason: "lunch"), 1);
        Assert.Equal(0, _store.GetQueue("support")!.IdleMembers);
        Assert.True(_store.GetAgent("pjsip/1001")!.Paused);

        Apply(null, new AgentStateChanged("pjsip/1001", null, AgentState.Unknown, "support", "removed"), 2);
        Assert.Empty(_store.GetQueue("support")!.Members);
        Assert.Empty(_store.Agents("support"));
    }

    [Fact]
    public void Partial_segments_revise_the_utterance_in_progress_and_the_final_one_replaces_them()
    {
        Apply("c9", new CallStarted("9", null, "400", CallDirection.Inbound), 0);
        Apply("c9", new TranscriptSegment(Speaker.Caller, "i would", 1, 2, 0, "en", IsFinal: false), 2);
        Apply("c9", new TranscriptSegment(Speaker.Agent, "hello", 1.5, 2, 0, "en", IsFinal: false), 2);
        Apply("c9", new TranscriptSegment(Speaker.Caller, "i would like to", 1, 3, 0, "en", IsFinal: false), 3);
        Apply("c9", new TranscriptSegment(Speaker.Caller, "i would like to pay", 1, 3.5, 0.8, "en"), 4);

        var transcript = _store.FindCall("c9")!.Snapshot().Transcript;
        Assert.Equal(["hello", "i would like to pay"], transcript.Select(t => t.Text));
        Assert.True(transcript[1].IsFinal);
    }

    [Fact]
    public void Derived_events_attach_to_their_call_and_ended_calls_are_forgotten_after_retention()
    {
        Apply("c1", new CallStarted("1", null, "400", CallDirection.Inbound), 0);
        Apply("c1", new TranscriptSegment(Speaker.Caller, "hello", 0, 1, 0.9, "en"), 1);
        Apply("c1", new EmotionReading(Speaker.Caller, "anger", 0.9, -0.8), 1);
        Apply("c1", new RoutingHint("escalate", "support", null, 9, ["angry"]), 2);
        Apply("c1", new WriteBackRequested("r1", "pbx", "Setvar", new Dictionary<string, string>(), Core.WriteBack.WriteBackMode.Assist, null), 2);
        Apply("c1", new WriteBackCompleted("r1", "pbx", "Setvar", "Success", 1), 2);
        Apply("c1", new CallEnded("normal-clearing", 16, 3, 3, HangupParty.Agent), 3);

        var call = _store.GetCall("c1")!;
        Assert.Equal("hello", Assert.Single(call.Transcript).Text);
        Assert.Equal("anger", call.Emotion!.Emotion);
        Assert.Single(call.Hints);
        Assert.Equal("completed", Assert.Single(call.WriteBacks).Outcome);

        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, _store.Sweep());
        Assert.Null(_store.GetCall("c1"));
    }

    [Fact]
    public void The_end_of_a_call_never_seen_does_not_create_a_ghost()
    {
        Apply("ghost", new CallEnded("normal-clearing", 16, 3, 3, HangupParty.Agent), 3);
        Assert.Null(_store.GetCall("ghost"));
    }

    [Fact]
    public void A_decision_about_a_call_already_forgotten_does_not_bring_it_back_as_a_caller_ringing_forever()
    {
        Apply("c1", new CallStarted("1", null, "400", CallDirection.Inbound), 0);
        Apply("c1", new CallEnded("normal-clearing", 16, 3, 3, HangupParty.Agent), 3);
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, _store.Sweep());

        // Hours later: the SLA watcher and the CRM's status read-back still speak of the call.
        Apply("c1", new SlaBreached("T-1", T0.AddHours(2)), 7200);
        Apply("c1", new TicketStatusChanged("T-1", "resolved", "open", "crm-poll"), 7300);
        Assert.Null(_store.GetCall("c1"));
        Assert.Empty(_store.Calls(includeEnded: true));

        // A source's own event still opens a call it had not seen start (an IVR session before the PBX's Newchannel).
        Apply("c2", new IvrSessionStarted("ivr", "PJSIP/trunk-2", "13800138000", "en", new Dictionary<string, string>()), 7400);
        Assert.NotNull(_store.GetCall("c2"));
    }

    [Fact]
    public void An_ivr_session_no_pbx_source_reported_ends_its_call_and_one_the_pbx_reported_does_not()
    {
        Apply("agi-only", new IvrSessionStarted("ivr", "PJSIP/trunk-2", "13800138000", "en", new Dictionary<string, string>()), 0);
        Apply("agi-only", new IvrSessionEnded("ivr", "self-served", "balance", 9, 31), 31);
        var alone = _store.GetCall("agi-only")!;
        Assert.Equal((CallPhase.Ended, "ivr-self-served", T0.AddSeconds(31)), (alone.Phase, alone.EndCause, alone.EndedAt));

        Apply("pbx", new CallStarted("13800138000", null, "400", CallDirection.Inbound, "PJSIP/trunk-3"), 0);
        Apply("pbx", new IvrSessionStarted("ivr", "PJSIP/trunk-3", "13800138000", "en", new Dictionary<string, string>()), 1);
        Apply("pbx", new IvrSessionEnded("ivr", "transferred", "agent", 5, 20), 21);
        Assert.NotEqual(CallPhase.Ended, _store.GetCall("pbx")!.Phase); // the caller goes on to the queue

        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, _store.Sweep());
    }
}
