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

    [Fact]
    public async Task A_queued_caller_is_pointed_at_the_member_idle_longest()
    {
        var journal = await RunAsync(new RoutingOptions(),
            Member(0, "PJSIP/1001"), Member(5, "PJSIP/1002"), Member(1, "PJSIP/1003", paused: true), Member(2, "PJSIP/1004", AgentState.Busy),
            At(10, "c1", new CallStarted("13900000000", null, "400", CallDirection.Inbound)),
            At(12, "c1", new CallQueued("support", 1, 1)));

        var hint = Assert.Single(journal.Select(e => e.Payload).OfType<RoutingHint>());
        Assert.Equal(("route-to-agent", "PJSIP/1001", 0), (hint.Action, hint.SuggestedAgent, hint.Priority));
        Assert.Contains("idle 12 s", hint.Reasons[0], StringComparison.Ordinal);
        Assert.Contains("2 of 4 member(s) free", hint.Reasons[0], StringComparison.Ordinal);
        var request = Assert.Single(journal.Select(e => e.Payload).OfType<WriteBackRequested>());
        Assert.Equal(("pbx", "Setvar", "MW_SUGGESTED_AGENT", "PJSIP/1001"), (request.Target, request.Action, request.Parameters["Variable"], request.Parameters["Value"]));
    }

    [Fact]
    public async Task A_vip_caller_gets_priority_even_when_nobody_is_free()
    {
        var journal = await RunAsync(new RoutingOptions { VipNumbers = ["+86 138-0013-8000"] },
            Member(0, "PJSIP/1001", AgentState.Busy),
            At(10, "c1", new CallStarted("13800138000", "王芳", "400", CallDirection.Inbound)),
            At(12, "c1", new CallQueued("support", 3, 3)));

        var hints = journal.Select(e => e.Payload).OfType<RoutingHint>().ToList();
        Assert.Equal([(null, 10), ("support", 10)], hints.Select(h => (h.Queue, h.Priority)));
        var hint = hints[1];
        Assert.Equal(("prioritize", 10), (hint.Action, hint.Priority));
        Assert.Equal("VIP caller 13800138000", hint.Reasons[0]);
        Assert.Contains("2 caller(s) ahead", hint.Reasons[1], StringComparison.Ordinal);

        // Before the queue, QUEUE_PRIO (Queue() reads it on entry); once waiting, the caller is moved.
        var requests = journal.Select(e => e.Payload).OfType<WriteBackRequested>().ToList();
        Assert.Equal(2, requests.Count);
        Assert.Equal(("Setvar", "QUEUE_PRIO", "10"), (requests[0].Action, requests[0].Parameters["Variable"], requests[0].Parameters["Value"]));
        Assert.Equal(("QueueChangePriorityCaller", "support", "10", "yes"),
            (requests[1].Action, requests[1].Parameters["Queue"], requests[1].Parameters["Priority"], requests[1].Parameters["Immediate"]));
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
