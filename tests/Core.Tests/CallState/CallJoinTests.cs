using Microsoft.Extensions.Time.Testing;
using Middleware.Core.CallState;
using Middleware.Core.Events;
using Middleware.TestSupport;

namespace Middleware.Core.Tests.CallState;

/// <summary>The SIP mirror's view of a call joins the PBX's view so transcripts and quality land on the call ops watch.</summary>
public sealed class CallJoinTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-26T10:00:00Z");
    private readonly CallStateStore _store = new(new FakeTimeProvider(T0), new CallJoinOptions { MirrorSources = new HashSet<string> { "sbc" }, Window = TimeSpan.FromSeconds(5) });

    private void Pbx(string id, CallCenterEvent payload, double at) => _store.Apply(TestEvents.Make("pbx:" + id, payload, "pbx", T0.AddSeconds(at)));

    private void Mirror(string id, CallCenterEvent payload, double at) => _store.Apply(TestEvents.Make("sbc:" + id, payload, "sbc", T0.AddSeconds(at)));

    private static CallStarted Started(string caller, string? sipCallId = null) => new(caller, null, "400", CallDirection.Inbound, "PJSIP/trunk-1", sipCallId);

    [Fact]
    public void The_mirror_call_seen_first_joins_the_pbx_call_by_caller_number_and_hands_over_what_it_learnt()
    {
        Mirror("a@sbc", Started("+86 138 0013 8000"), 0);
        Mirror("a@sbc", new TranscriptSegment(Speaker.Caller, "我的订单还没到", 0, 2, 0.9, "zh"), 2);
        Mirror("a@sbc", new EmotionReading(Speaker.Caller, "angry", 0.8, -0.7), 2);
        Pbx("1700000000.1", Started("13800138000"), 0.3);
        Mirror("a@sbc", new MediaQuality(Speaker.Caller, "PCMU", 500, 3, 4.2, 4.31), 30);

        var pbx = _store.GetCall("pbx:1700000000.1")!;
        Assert.Equal(("sbc:a@sbc", "caller-number"), (pbx.JoinedCallId, pbx.JoinedBy));
        Assert.Equal("pbx:1700000000.1", _store.GetCall("sbc:a@sbc")!.JoinedCallId);
        Assert.Equal("我的订单还没到", Assert.Single(pbx.Transcript).Text);
        Assert.Equal("angry", pbx.Emotion!.Emotion);
        Assert.Equal(3, Assert.Single(pbx.Quality!).Lost);
        Assert.Equal(["pbx:1700000000.1"], _store.Calls().Select(c => c.CallId)); // one row per real call
        Assert.Equal("pbx:1700000000.1", _store.GetBoardCall("sbc:a@sbc")!.CallId); // the live board updates that row
        Assert.Equal("sbc:a@sbc", _store.GetBoardCall("sbc:a@sbc")!.JoinedCallId);
    }

    [Fact]
    public void A_shared_sip_call_id_joins_even_when_numbers_differ_and_time_is_far()
    {
        Pbx("1", Started("anonymous", sipCallId: "x9@10.0.0.9"), 0);
        Mirror("x9@10.0.0.9", Started("13800138000", sipCallId: "x9@10.0.0.9"), 60);

        Assert.Equal(("sbc:x9@10.0.0.9", "sip-call-id"), (_store.GetCall("pbx:1")!.JoinedCallId, _store.GetCall("pbx:1")!.JoinedBy));
    }

    [Fact]
    public void Sip_call_ids_told_after_the_start_join_the_callers_dialog_and_the_pbxs_dialog_to_the_agent()
    {
        Pbx("1", Started("13800138000"), 0);
        Mirror("trunk@sbc", Started("+86 138 0013 8000", sipCallId: "trunk@sbc"), 0.1);
        Mirror("agent@pbx", Started("13800138000", sipCallId: "agent@pbx"), 6);
        Pbx("1", new CallDetailsChanged(SipCallId: "trunk@sbc"), 0.2);
        Pbx("1", new CallDetailsChanged(SipCallId: "agent@pbx"), 6.1);

        Assert.Equal("pbx:1", _store.GetCall("sbc:trunk@sbc")!.JoinedCallId);
        Assert.Equal("pbx:1", _store.GetCall("sbc:agent@pbx")!.JoinedCallId);
        Assert.Equal("sip-call-id", _store.GetCall("sbc:agent@pbx")!.JoinedBy);
        Assert.Equal(["pbx:1"], _store.Calls().Select(c => c.CallId)); // one row for the real call, not three
        Assert.Equal("trunk@sbc", _store.GetCall("pbx:1")!.SipCallId);
    }

    [Fact]
    public void Caller_details_told_after_the_start_are_the_calls()
    {
        Pbx("o1", new CallStarted(null, null, null, CallDirection.Outbound, "PJSIP/1001-1"), 0);
        Pbx("o1", new CallDetailsChanged("13800138000", "Zhang Wei"), 0.01);
        Pbx("o1", new CallDetailsChanged(DialedNumber: "13800138000"), 3);

        var call = _store.GetCall("pbx:o1")!;
        Assert.Equal(("13800138000", "Zhang Wei", "13800138000", CallDirection.Outbound), (call.CallerNumber, call.CallerName, call.DialedNumber, call.Direction));
    }

    [Fact]
    public void Each_call_joins_its_own_and_the_closest_start_wins_while_stale_or_ended_calls_stay_apart()
    {
        Pbx("old", Started("13900139000"), -30);
        Pbx("1", Started("13800138000"), 0);
        Pbx("2", Started("13900139000"), 0.1);
        Pbx("3", Started("13800138000"), 4);
        Pbx("gone", Started("13700137000"), 0);
        Pbx("gone", new CallEnded("normal-clearing", 16, 1, null, HangupParty.Caller), 1);
        Mirror("m1", Started("13800138000"), 0.2);
        Mirror("m2", Started("13900139000"), 0.2);
        Mirror("m3", Started("13800138000"), 4.1);
        Mirror("m4", Started("13700137000"), 1.5);

        Assert.Equal("sbc:m1", _store.GetCall("pbx:1")!.JoinedCallId);
        Assert.Equal("sbc:m2", _store.GetCall("pbx:2")!.JoinedCallId);
        Assert.Equal("sbc:m3", _store.GetCall("pbx:3")!.JoinedCallId);
        Assert.Null(_store.GetCall("pbx:old")!.JoinedCallId);
        Assert.Null(_store.GetCall("sbc:m4")!.JoinedCallId);
    }

    [Fact]
    public void Without_mirror_sources_nothing_is_joined()
    {
        var store = new CallStateStore(new FakeTimeProvider(T0));
        store.Apply(TestEvents.Make("pbx:1", Started("13800138000"), "pbx", T0));
        store.Apply(TestEvents.Make("sbc:1", Started("13800138000"), "sbc", T0));

        Assert.Equal(2, store.Calls().Count);
        Assert.All(store.Calls(), c => Assert.Null(c.JoinedCallId));
    }
}
