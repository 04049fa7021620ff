using Middleware.Core.Events;
using Middleware.Core.WriteBack;
using Middleware.Enrichment.Routing;
using Middleware.TestSupport;

namespace Middleware.Enrichment.Tests.Routing;

public class QueueRoutingAdvisorTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-26T10:00:00Z");

    private static EventEnvelope At(int seconds, string? callId, CallCenterEvent payload) => TestEvents.Make(callId, payload, source: "pbx", at: T0.AddSeconds(seconds));

    private static async Task<List<EventEnvelope>> RunAsync(RoutingOptions options, params EventEnvelope[] events)
    {
        await using var h = await PipelineHarness.StartAsync([new QueueRoutingAdvisor(options)], options: new Core.Pipeline.PipelineOptions { Partitions = 1 });
        foreach (var e in events)
        {
            await h.Pipeline.PublishAsync(e);
        }

        await h.Pipeline.StopAsync();
        return await h.JournaledAsync();
    }

    private static EventEnvelope Member(int at, string agent, AgentState state = AgentState.Idle, bool paused = false) =>
        At(at, null, new AgentStateChanged(agent, agent + " name", state, "support", "status", paused));

    private static List<WriteBackRequested> Requests(List<EventEnvelope> journal) => journal.Select(e => e.Payload).OfType<WriteBackRequested>().ToList();

    private static string Var(List<EventEnvelope> journal, string variable) =>
        Requests(journal).Single(r => r.Action == "Setvar" && r.Parameters["Variable"] == variable).Parameters["Value"];

    [Fact]
    public async Task Without_skills_configured_a_queued_caller_is_pointed_at_the_member_idle_longest()
    {
        var journal = await RunAsync(new RoutingOptions(),
            Member(0, "PJSIP/1001"), Member(5, "PJSIP/1002"), Member(1, "PJSIP/1003", paused: true), Member(2, "PJSIP/1004", AgentState.Busy),
            At(10, "c1", new CallStarted("13900000000", null, "400", CallDirection.Inbound)),
            At(12, "c1", new CallQueued("support", 1, 1)));

        var hint = Assert.Single(journal.Select(e => e.Payload).OfType<RoutingHint>());
        Assert.Equal(("route-to-agent", "PJSIP/1001", 0), (hint.Action, hint.SuggestedAgent, hint.Priority));
        Assert.Equal("needs support: queued in support", hint.Reasons[0]);
        Assert.Equal("suggest PJSIP/1001 name (PJSIP/1001): support level 3, idle 12 s, 0 call(s) today", hint.Reasons[1]);
        Assert.StartsWith("then PJSIP/1002 name (PJSIP/1002)", hint.Reasons[2], StringComparison.Ordinal);
        Assert.Equal("2 of 4 member(s) free", hint.Reasons[^1]);
        // The same reasons as codes, in step, through the journal: what the dashboard says in Chinese.
        var codes = hint.ReasonCodes!;
        Assert.Equal(["skill-by-queue", "suggest-agent", "then-agent", "members-free"], codes.Select(c => c.Code));
        Assert.Equal(("support", "3", "12", "0"), (codes[1].Values["skill"], codes[1].Values["level"], codes[1].Values["idleSeconds"], codes[1].Values["today"]));
        Assert.Equal(("2", "4", "0"), (codes[^1].Values["free"], codes[^1].Values["members"], codes[^1].Values["held"]));
        Assert.Equal(["AI_SKILL", "AI_PRIORITY", "AI_AGENT", "AI_REASON"], Requests(journal).Select(r => r.Parameters["Variable"]));
        Assert.All(Requests(journal), r => Assert.Equal(("pbx", "Setvar", "support"), (r.Target, r.Action, r.Parameters[QueuedCallerCondition.Key])));
        Assert.Equal(("support", "0", "PJSIP/1001"), (Var(journal, "AI_SKILL"), Var(journal, "AI_PRIORITY"), Var(journal, "AI_AGENT")));
        Assert.StartsWith("needs support: queued in support; suggest PJSIP/1001", Var(journal, "AI_REASON"), StringComparison.Ordinal);
    }

    private static RoutingOptions Skilled() => new()
    {
        VipNumbers = ["13800138000"],
        Skills = new SkillSources
        {
            IvrDigits = new() { ["2"] = "cards" },
            Intents = new() { ["refund_request"] = "billing" },
            DialedNumbers = new() { ["4008"] = "mortgages" },
        },
        Agents = new()
        {
            ["PJSIP/1001"] = new() { ["support"] = 2, ["billing"] = 2 },
            ["PJSIP/1002"] = new() { ["support"] = 5, ["cards"] = 4 },
            ["PJSIP/1003"] = new() { ["billing"] = 5 },
        },
    };

    [Fact]
    public async Task The_skill_comes_from_the_ivr_digit_and_the_most_skilled_free_agent_is_suggested_over_the_longest_idle()
    {
        var journal = await RunAsync(Skilled(),
            Member(0, "PJSIP/1001"), Member(50, "PJSIP/1002"), Member(0, "PJSIP/1003"),
            At(55, "c1", new CallStarted("13900000000", null, "400", CallDirection.Inbound)),
            At(56, "c1", new DtmfReceived("2", "Received", 100)),
            At(60, "c1", new CallQueued("support", 1, 1)));

        var hint = Assert.Single(journal.Select(e => e.Payload).OfType<RoutingHint>());
        Assert.Equal(("PJSIP/1002", "needs cards: pressed 2 in the IVR"), (hint.SuggestedAgent, hint.Reasons[0]));
        Assert.Contains("cards level 4", hint.Reasons[1], StringComparison.Ordinal);
        Assert.Contains(hint.Reasons, r => r.Contains("no cards skill", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_callers_queueing_together_are_not_given_the_same_agent_until_the_first_leaves()
    {
        var journal = await RunAsync(Skilled(),
            Member(0, "PJSIP/1001"), Member(0, "PJSIP/1003"),
            At(10, "c1", new CallStarted("13900000001", null, "4008", CallDirection.Inbound)),
            At(10, "c2", new CallStarted("13900000002", null, "4008", CallDirection.Inbound)),
            At(10, "c3", new CallStarted("13900000003", null, "4008", CallDirection.Inbound)),
            At(11, "c1", new IntentDetected("refund_request", 0.9, null, "refund")),
            At(11, "c2", new IntentDetected("refund_request", 0.9, null, "refund")),
            At(11, "c3", new IntentDetected("refund_request", 0.9, null, "refund")),
            At(12, "c1", new CallQueued("support", 1, 1)),
            At(12, "c2", new CallQueued("support", 2, 2)),
            At(13, "c3", new CallQueued("support", 3, 3)),
            At(14, "c1", new CallDequeued("support", DequeueReason.Abandoned, 2)),
            At(15, "c4", new CallStarted("13900000004", null, "400", CallDirection.Inbound)),
            At(15, "c4", new CallQueued("support", 3, 3)));

        var hints = journal.Where(e => e.Payload is RoutingHint).ToDictionary(e => e.CallId!, e => (RoutingHint)e.Payload);
        Assert.Equal(("PJSIP/1003", "needs billing: caller's intent refund_request"), (hints["c1"].SuggestedAgent, hints["c1"].Reasons[0]));
        Assert.Equal("PJSIP/1001", hints["c2"].SuggestedAgent);
        Assert.Null(hints["c3"].SuggestedAgent);
        Assert.StartsWith("every free member of support is held for another caller", hints["c3"].Reasons[^1], StringComparison.Ordinal);
        Assert.Equal("PJSIP/1003", hints["c4"].SuggestedAgent); // c1 gave up: its agent is free again (a support call: neither has more)
    }

    [Fact]
    public async Task Handle_time_and_resolution_learned_from_history_rank_agents_and_say_so()
    {
        var history = new AgentHistory();
        for (var i = 0; i < 10; i++)
        {
            history.Record("PJSIP/1001", "billing", 600, resolved: i < 5);
            history.Record("PJSIP/1002", "billing", 180, resolved: true);
        }

        var options = Skilled();
        options.Agents = new() { ["PJSIP/1001"] = new() { ["billing"] = 3 }, ["PJSIP/1002"] = new() { ["billing"] = 3 } };
        await using var h = await PipelineHarness.StartAsync([new QueueRoutingAdvisor(options, history)], options: new Core.Pipeline.PipelineOptions { Partitions = 1 });
        foreach (var e in new[]
        {
            Member(0, "PJSIP/1001"), Member(5, "PJSIP/1002"),
            At(10, "c1", new CallStarted("13900000001", null, "400", CallDirection.Inbound)),
            At(11, "c1", new IntentDetected("refund_request", 0.9, null, "refund")),
            At(12, "c1", new CallQueued("support", 1, 1)),
        })
        {
            await h.Pipeline.PublishAsync(e);
        }

        await h.Pipeline.StopAsync();
        var hint = (await h.JournaledAsync()).Select(e => e.Payload).OfType<RoutingHint>().Single();
        Assert.Equal("PJSIP/1002", hint.SuggestedAgent);
        Assert.Contains("resolves 100% of 10 billing call(s), 3.0 min each (team 6.5)", hint.Reasons[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vip_caller_gets_priority_even_when_nobody_is_free()
    {
        var journal = await RunAsync(new RoutingOptions { VipNumbers = ["+86 138-0013-8000"] },
            Member(0, "PJSIP/1001", AgentState.Busy),
            At(10, "c1", new CallStarted("13800138000", "王芳", "400", CallDirection.Inbound)),
            At(12, "c1", new CallQueued("support", 3, 3)));

        Assert.Equal("VIP caller 13800138000, before the queue", journal.Select(e => e.Payload).OfType<RoutingHint>().Single(h => h.Queue is null).Reasons[0]);
        var hint = journal.Select(e => e.Payload).OfType<RoutingHint>().Single(h => h.Queue is not null);
        Assert.Equal(("prioritize", 10), (hint.Action, hint.Priority));
        Assert.Equal("VIP caller 13800138000 (+10)", hint.Reasons[1]);
        Assert.Contains("2 caller(s) ahead", hint.Reasons[^1], StringComparison.Ordinal);
        Assert.Equal(("10", "10"), (Var(journal, "QUEUE_PRIO"), Var(journal, "AI_PRIORITY"))); // QUEUE_PRIO at the start, before Queue() reads it
        var change = Requests(journal).Single(r => r.Action == "QueueChangePriorityCaller");
        Assert.Equal(("support", "10", "yes"), (change.Parameters["Queue"], change.Parameters["Priority"], change.Parameters["Immediate"]));
        Assert.DoesNotContain(Requests(journal), r => r.Parameters.GetValueOrDefault("Variable") == "AI_AGENT");
    }

    [Fact]
    public async Task A_repeat_caller_at_risk_of_escalating_is_raised_and_a_redirect_is_asked_for_when_configured()
    {
        var options = new RoutingOptions { Redirect = new RedirectTarget { Context = "ai-route" } };
        var journal = await RunAsync(options,
            Member(0, "PJSIP/1001"),
            At(10, "c0", new CallStarted("13900000009", null, "400", CallDirection.Inbound)),
            At(20, "c0", new CallEnded("normal-clearing", 16, 10, 5, HangupParty.Caller)),
            At(100, "c1", new CallStarted("13900000009", null, "400", CallDirection.Inbound)),
            At(101, "c1", new EscalationRisk(Speaker.Caller, "angry", 25, 3, -0.8, "caller angry for 25 s")),
            At(102, "c1", new CallQueued("support", 1, 1)));

        var hint = journal.Select(e => e.Payload).OfType<RoutingHint>().Single(h => h.Action == "route-to-agent");
        Assert.Equal(8, hint.Priority);
        Assert.Contains("at risk of escalating: caller angry for 25 s (+5)", hint.Reasons);
        Assert.Contains("repeat caller, 1 earlier call(s) (+3)", hint.Reasons);
        var redirect = Requests(journal).Single(r => r.Action == "Redirect");
        Assert.Equal(("ai-route", "s", "1", "support"), (redirect.Parameters["Context"], redirect.Parameters["Exten"], redirect.Parameters["Priority"], redirect.Parameters[QueuedCallerCondition.Key]));
    }

    [Fact]
    public async Task An_upset_caller_is_escalated_once()
    {
        var journal = await RunAsync(new RoutingOptions { SupervisorQueue = "leads" },
            At(0, "c1", new CallStarted("1", null, "400", CallDirection.Inbound)),
            At(5, "c1", new EmotionReading(Speaker.Caller, "anger", 0.9, -0.8)),
            At(6, "c1", new EmotionReading(Speaker.Caller, "anger", 0.95, -0.9)),
            At(7, "c1", new EmotionReading(Speaker.Caller, "sadness", 0.5, -0.9)));

        var hint = Assert.Single(journal.Select(e => e.Payload).OfType<RoutingHint>());
        Assert.Equal(("escalate", "leads"), (hint.Action, hint.Queue));
        Assert.Contains("anger", hint.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Frustration_that_persists_escalates_once_with_its_reason()
    {
        var journal = await RunAsync(new RoutingOptions { SupervisorQueue = "leads" },
            At(0, "c1", new CallStarted("1", null, "400", CallDirection.Inbound)),
            At(5, "c1", new EmotionReading(Speaker.Caller, "frustrated", 0.5, -0.5)), // below the reading's own bar
            At(30, "c1", new EscalationRisk(Speaker.Caller, "frustrated", 25, 3, -0.6, "Caller frustrated for 25 s over 3 segments (threshold 20 s)")),
            At(40, "c1", new EscalationRisk(Speaker.Caller, "angry", 35, 4, -0.8, "again")));

        var hint = Assert.Single(journal.Select(e => e.Payload).OfType<RoutingHint>());
        Assert.Equal(("escalate", "leads", "Caller frustrated for 25 s over 3 segments (threshold 20 s)"), (hint.Action, hint.Queue, hint.Reasons[0]));
    }

    [Fact]
    public async Task Without_channel_variables_the_hint_is_recorded_and_nothing_is_requested()
    {
        var journal = await RunAsync(new RoutingOptions { SetChannelVariables = false },
            Member(0, "PJSIP/1001"),
            At(10, "c1", new CallStarted("1", null, "400", CallDirection.Inbound)),
            At(12, "c1", new CallQueued("support", 1, 1)));

        Assert.Single(journal.Select(e => e.Payload).OfType<RoutingHint>());
        Assert.DoesNotContain(journal, e => e.Payload is WriteBackRequested);
        _ = WriteBackMode.Observe;
    }
}
