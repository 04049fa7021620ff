using Middleware.Core.Events;
using Middleware.Core.Privacy;
using Middleware.Enrichment.Ticketing;
using Middleware.TestSupport;

namespace Middleware.Enrichment.Tests.Ticketing;

public class HangupTicketDrafterTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-26T10:00:00Z");

    private static TicketingOptions Options() => new()
    {
        VipNumbers = ["13800138000"],
        CallbackSla = TimeSpan.FromHours(2),
        VipCallbackSla = TimeSpan.FromMinutes(30),
        When = new TicketTriggerOptions { RepeatCaller = true, Intents = ["card_lost"] },
        Categories =
        [
            new() { Name = "callback", Department = "service", Abandoned = true },
            new() { Name = "billing", Department = "finance", Keywords = ["refund", "退款"] },
            new() { Name = "cards", Department = "card-services", Intents = ["card_lost"], Priority = "high" },
        ],
        Sla =
        [
            new() { Category = "billing", Tier = "gold", Within = TimeSpan.FromHours(4) },
            new() { Category = "billing", Tier = "*", Within = TimeSpan.FromHours(24), WarnBefore = TimeSpan.FromHours(1) },
        ],
    };

    private static EventEnvelope At(double seconds, string callId, CallCenterEvent payload) => TestEvents.Make(callId, payload, source: "pbx", at: T0.AddSeconds(seconds));

    private static async Task<List<TicketDraft>> RunAsync(TicketingOptions options, ITextRedactor? redactor, params EventEnvelope[] events)
    {
        await using var h = await PipelineHarness.StartAsync([new HangupTicketDrafter(options, redactor)], options: new Core.Pipeline.PipelineOptions { Partitions = 1 });
        foreach (var e in events)
        {
            await h.Pipeline.PublishAsync(e);
        }

        await h.Pipeline.StopAsync();
        return (await h.JournaledAsync()).Select(e => e.Payload).OfType<TicketDraft>().ToList();
    }

    private static EventEnvelope[] AnsweredCall(string id, string caller, double at, params (Speaker Speaker, string Text)[] said) =>
    [
        At(at, id, new CallStarted(caller, "Name " + caller, "400", CallDirection.Inbound)),
        At(at + 2, id, new CallQueued("support", 1, 1)),
        At(at + 5, id, new AgentConnected("PJSIP/1001", "Li Na", "support", 3, 2)),
        .. said.Select((s, i) => At(at + 6 + i, id, new TranscriptSegment(s.Speaker, s.Text, i, i + 1, 0.9, "en"))),
        At(at + 60, id, new CallEnded("normal-clearing", 16, 60, 55, HangupParty.Caller)),
    ];

    /// <summary>The call with <paramref name="extra"/> just before its hangup.</summary>
    private static EventEnvelope[] Before(EventEnvelope[] call, EventEnvelope extra) => [.. call[..^1], extra, call[^1]];

    [Fact]
    public async Task An_abandoned_caller_gets_a_callback_ticket_at_hangup_due_by_tier()
    {
        var tickets = await RunAsync(Options(), null,
            At(0, "c1", new CallStarted("13900000000", null, "400", CallDirection.Inbound)),
            At(2, "c1", new CallQueued("support", 1, 1)),
            At(50, "c1", new CallDequeued("support", DequeueReason.Abandoned, 48)),
            At(50, "c1", new CallEnded("abandoned", 16, 50, null, HangupParty.Caller)),
            At(0, "vip", new CallStarted("13800138000", null, "400", CallDirection.Inbound)),
            At(2, "vip", new CallQueued("support", 1, 1)),
            At(32, "vip", new CallDequeued("support", DequeueReason.Abandoned, 30)),
            At(32, "vip", new CallEnded("abandoned", 16, 32, null, HangupParty.Caller)));

        Assert.Equal(2, tickets.Count);
        var normal = tickets.Single(t => t.CustomerNumber == "13900000000");
        Assert.Equal(("callback", "service", "normal"), (normal.Category, normal.Department, normal.Priority));
        Assert.Equal(T0.AddSeconds(50).AddHours(2), normal.SlaDueAt);
        Assert.Equal(T0.AddSeconds(50).AddMinutes(30), normal.SlaDueByTier!["vip"]); // the CRM target picks this if the lookup says vip
        Assert.Contains("abandoned queue support after 48 s waiting", normal.Reasons!);
        var abandoned = normal.ReasonCodes![normal.Reasons!.ToList().IndexOf("abandoned queue support after 48 s waiting")];
        Assert.Equal(("abandoned", "support", "48"), (abandoned.Code, abandoned.Values["queue"], abandoned.Values["seconds"]));
        Assert.Equal(("call-back", "13900000000"), (normal.TitleCode!.Code, normal.TitleCode.Values["caller"]));
        Assert.Equal("caller gave up in queue support after 48 s", normal.Summary);
        var vip = tickets.Single(t => t.CustomerNumber == "13800138000");
        Assert.Equal(("high", T0.AddSeconds(32).AddMinutes(30)), (vip.Priority, vip.SlaDueAt));
    }

    [Fact]
    public async Task A_resolved_call_needs_no_ticket()
    {
        Assert.Empty(await RunAsync(Options(), null, AnsweredCall("c1", "13900000001", 0, (Speaker.Caller, "Where is my parcel?"), (Speaker.Agent, "It arrives tomorrow."))));
    }

    [Fact]
    public async Task An_unresolved_marker_files_a_ticket_by_keyword_with_an_extractive_summary_and_a_redacted_excerpt()
    {
        var redactor = new DigitsRedactor();
        var tickets = await RunAsync(Options(), redactor, AnsweredCall("c1", "13900000002", 0,
            (Speaker.Caller, "Hello. I asked for a refund last week. My card is 6222020200112233445."),
            (Speaker.Agent, "Let me check the order for you."),
            (Speaker.Caller, "The refund is still not working, it is not resolved!"),
            (Speaker.Agent, "I will escalate it. Anything else?")));

        var ticket = Assert.Single(tickets);
        Assert.Equal(("billing", "finance", "normal"), (ticket.Category, ticket.Department, ticket.Priority));
        Assert.Equal(T0.AddSeconds(60).AddHours(24), ticket.SlaDueAt);
        Assert.Equal(TimeSpan.FromHours(1), ticket.SlaWarnBefore);
        Assert.Equal(T0.AddSeconds(60).AddHours(4), ticket.SlaDueByTier!["gold"]);
        Assert.Contains("unresolved: \"not resolved\" in the transcript", ticket.Reasons!);
        // The sentences carrying "refund" and the marker, in call order, with who said them; not the small talk.
        Assert.Contains("Caller: I asked for a refund last week", ticket.Summary, StringComparison.Ordinal);
        Assert.Contains("Caller: The refund is still not working", ticket.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Anything else", ticket.Summary, StringComparison.Ordinal);
        Assert.StartsWith("Hello. I asked for a refund last week. My card is [CARD].", ticket.Excerpt, StringComparison.Ordinal);
        Assert.DoesNotContain("6222", ticket.Summary + ticket.Excerpt, StringComparison.Ordinal);
        Assert.True(redactor.Calls >= 2);
    }

    [Fact]
    public async Task A_repeat_caller_within_the_window_gets_a_ticket_with_raised_priority()
    {
        var tickets = await RunAsync(Options(), null,
        [
            .. AnsweredCall("c1", "+86 139-0000-0003", 0, (Speaker.Caller, "Where is my parcel?")),
            .. AnsweredCall("c2", "13900000003", 3600, (Speaker.Caller, "Where is my parcel, again?")),
        ]);

        var ticket = Assert.Single(tickets);
        Assert.Equal("13900000003", ticket.CustomerNumber);
        Assert.Equal(("general", "high"), (ticket.Category, ticket.Priority));
        Assert.Contains("repeat caller: 1 earlier call(s)", ticket.Reasons!);
    }

    [Fact]
    public async Task Escalation_risk_intent_and_wrap_up_code_each_need_a_ticket()
    {
        var tickets = await RunAsync(Options(), null,
        [
            .. Before(AnsweredCall("risk", "13900000010", 0, (Speaker.Caller, "This is the third time I ask.")),
                At(30, "risk", new EscalationRisk(Speaker.Caller, "angry", 25, 3, -0.8, "caller angry for 25 s"))),
            .. Before(AnsweredCall("intent", "13900000011", 0), At(20, "intent", new IntentDetected("card_lost", 0.91, "cards", "I lost my card", ["card", "lost"], "en"))),
            .. Before(AnsweredCall("wrap", "13900000012", 0), At(59, "wrap", new Unmapped("ami", "UserEvent:WrapUp", [new SourceField("Code", "unresolved")]))),
        ]);

        Assert.Equal(3, tickets.Count);
        var risk = tickets.Single(t => t.CustomerNumber == "13900000010");
        Assert.Equal(("general", "high"), (risk.Category, risk.Priority));
        Assert.Contains("escalation risk: caller angry for 25 s", risk.Reasons!);
        var intent = tickets.Single(t => t.CustomerNumber == "13900000011");
        Assert.Equal(("cards", "card-services", "high"), (intent.Category, intent.Department, intent.Priority));
        Assert.Equal(["card", "lost"], intent.Keywords);
        Assert.Contains("talked 55 s with Li Na", intent.Summary, StringComparison.Ordinal);
        var wrap = tickets.Single(t => t.CustomerNumber == "13900000012");
        Assert.Contains("wrap-up code 'unresolved'", wrap.Reasons!);
    }

    /// <summary>Stands in for the privacy helper's redactor: long digit runs become [CARD].</summary>
    private sealed class DigitsRedactor : ITextRedactor
    {
        public int Calls;

        public RedactionResult Redact(string text, string? language = null)
        {
            Interlocked.Increment(ref Calls);
            var redacted = System.Text.RegularExpressions.Regex.Replace(text, @"\d{12,19}", "[CARD]");
            return redacted == text ? RedactionResult.Unchanged(text) : new RedactionResult(redacted, [new RedactionFinding("CARD", 0, text.Length)]);
        }
    }
}
