using Middleware.Core.Events;
using Middleware.Core.WriteBack;

namespace Middleware.Core.Tests.Events;

public class EventJsonTests
{
    private static readonly CallCenterEvent[] Payloads =
    [
        new CallStarted("13800138000", "王芳", "400", CallDirection.Inbound, "PJSIP/trunk-00000001", "abc@10.0.0.1"),
        new CallRinging("1001", "PJSIP/1001-00000002"),
        new CallDetailsChanged("13800138000", "Zhang Wei", "13800138000", CallDirection.Outbound, "a84b4c76e66710@10.0.0.9"),
        new CallAnswered("dialplan:Answer", "PJSIP/trunk-00000001", ByDialplan: true),
        new CallAnswered("1001"),
        new CallQueued("support", 1, 3),
        new CallDequeued("support", DequeueReason.Abandoned, 42.5, 2),
        new AgentRinging("PJSIP/1001", "Alice", "support", 3),
        new AgentConnected("PJSIP/1001", "Alice", "support", 12, 3),
        new CallHeld("1001"),
        new CallResumed("1001"),
        new CallTransferred(TransferKind.Attended, "1002", "1001", "1700000000.9", "Success"),
        new DtmfReceived("5", "received", 120),
        new CallEnded("normal-clearing", 16, 120.5, 100.25, HangupParty.Caller, "13800138000"),
        new AgentStateChanged("PJSIP/1001", "Alice", AgentState.Paused, "support", "paused", true, "lunch", 1, 12),
        new QueueStateChanged("support", "params", 2, 4, 1, 30, 10, 1, 80, "rrmemory"),
        new Unmapped("ami", "PeerStatus", [new SourceField("Peer", "PJSIP/1001"), new SourceField("PeerStatus", "Reachable")]),
        new SourceGap(DateTimeOffset.Parse("2026-11-26T10:00:00Z"), DateTimeOffset.Parse("2026-11-26T10:00:05Z"), "reconnect"),
        new SourceStatusChanged("connected", "Asterisk Call Manager/7.0.3"),
        new AudioChunk(Speaker.Caller, DateTimeOffset.Parse("2026-11-26T10:00:00Z"), 8000, [1, 2, 3, 4]),
        new MediaQuality(Speaker.Agent, "PCMU", 1500, 3, 4.2, 4.38),
        new TranscriptSegment(Speaker.Caller, "我要查询订单", 1.5, 3.2, 0.91, "zh"),
        new EmotionReading(Speaker.Caller, "anger", 0.8, -0.7),
        new IntentDetected("order_status", 0.88, "orders", "where is my order", ["order", "delivery"], "en"),
        new EmotionReading(Speaker.Caller, "frustrated", 0.7, -0.6, "text+voice", 0.4, "zh", ["anger"], "frustrated", -0.5, 12.5, 20.0),
        new EscalationRisk(Speaker.Caller, "angry", 35, 4, -0.7, "frustrated for 35 s over 4 segments"),
        new VoiceFeatures(Speaker.Caller, 12.5, 15.0, 1.8, 1.2, 0.6),
        new RoutingHint("prioritize", "support", "PJSIP/1002", 10, ["VIP caller", "waited 65 s"]),
        new TicketDraft("Callback 13800138000", "callback", "high", "abandoned after 65 s", "13800138000", DateTimeOffset.Parse("2026-11-26T12:00:00Z")),
        new SlaWarning("T-1001", DateTimeOffset.Parse("2026-11-26T12:00:00Z"), TimeSpan.FromMinutes(30)),
        new SlaBreached("T-1001", DateTimeOffset.Parse("2026-11-26T12:00:00Z")),
        new TicketStatusChanged("T-1001", "resolved", "open", "crm-poll"),
        new QaFinding("pii.card-number", "critical", "card number spoken", "4111 **** **** 1111", 0.2),
        new QaScored(82.5, new Dictionary<string, double> { ["greeting"] = 100, ["compliance"] = 50 }, 2, false, "en"),
        new WriteBackRequested("r1", "pbx-main", "Setvar", new Dictionary<string, string> { ["Variable"] = "VIP", ["Value"] = "1" }, WriteBackMode.Assist, "VIP"),
        new WriteBackCompleted("r1", "pbx-main", "Setvar", "Success", 1),
        new WriteBackFailed("r1", "pbx-main", "Redirect", "No such channel", 3),
        new WriteBackSkipped("r1", "pbx-main", "Redirect", "mode is observe"),
        new WriteBackModeChanged(WriteBackMode.Observe, WriteBackMode.Assist, "api:ops"),
        new EnricherFailed("emotion", "TranscriptSegment", "boom"),
        new IvrSessionStarted("ivr", "PJSIP/trunk-00000001", "13800138000", "zh", new Dictionary<string, string> { ["lang"] = "zh" }),
        new IvrStep("ivr", "main", "menu-choice", "1"),
        new IvrSessionEnded("ivr", "self-served", "balance", 9, 31.5),
        new DialAttemptPlaced("spring-renewals", "c-17", "+8613800138000", 1, "predictive", 1.8),
        new DialAttemptEnded("spring-renewals", "c-17", "+8613800138000", 1, "connected", "PJSIP/2001", 182.5),
        new CampaignStateChanged("spring-renewals", "started", 120, "at 09:00 (0 0 9 ? * MON-FRI, Asia/Shanghai)"),
        new AmdResult("MACHINE", "LONGGREETING-2500-1500"),
    ];

    public static TheoryData<CallCenterEvent> EveryKind() => new(Payloads);

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Every_kind_round_trips_through_json(CallCenterEvent payload)
    {
        var json = EventJson.Serialize(payload);
        var back = EventJson.Deserialize(json);

        Assert.Contains($"\"kind\":\"{payload.Kind}\"", json, StringComparison.Ordinal);
        Assert.Equal(payload.GetType(), back.GetType());
        Assert.Equal(EventJson.Serialize(back), json);
    }

    [Fact]
    public void Every_kind_name_is_covered_by_the_table()
    {
        var covered = Payloads.Select(e => e.Kind).ToHashSet();
        Assert.Equal(EventKinds.All.Order(), covered.Order());
    }

    /// <summary>Journals written before write-back outcomes shared a base record must read the same, and new ones look the same.</summary>
    [Theory]
    [InlineData("""{"kind":"WriteBackCompleted","requestId":"r1","target":"pbx-main","action":"Setvar","result":"Success","attempts":1}""")]
    [InlineData("""{"kind":"WriteBackFailed","requestId":"r1","target":"pbx-main","action":"Redirect","error":"No such channel","attempts":3}""")]
    [InlineData("""{"kind":"WriteBackSkipped","requestId":"r1","target":"pbx-main","action":"Redirect","reason":"mode is observe"}""")]
    public void Write_back_outcomes_keep_their_journal_shape(string json)
    {
        Assert.Equal(json, EventJson.Serialize(EventJson.Deserialize(json)));
        Assert.Equal(json, EventJson.Serialize(Payloads.Single(p => p.Kind == EventJson.Deserialize(json).Kind)));
    }

    [Fact]
    public void The_kind_need_not_come_first()
    {
        // PostgreSQL's jsonb reorders keys.
        var back = EventJson.Deserialize("""{"digit":"7","direction":"received","kind":"DtmfReceived"}""");
        Assert.Equal(new DtmfReceived("7", "received", null), back);
    }
}
