using Middleware.Core.Events;
using Middleware.Enrichment.Analytics;
using Middleware.TestSupport;

namespace Middleware.Enrichment.Tests.Analytics;

public sealed class ShadowComparisonTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Agreement_waits_abandons_and_repeat_calls_are_split_by_whether_the_acd_followed_the_hint()
    {
        var events = new List<EventEnvelope>();
        Queued(events, "a", "13800000001", T0, hint: "1001", connected: "1001", wait: 10);
        Queued(events, "b", "13800000002", T0.AddMinutes(1), hint: "1002", connected: "1003", wait: 30);
        Queued(events, "c", "+86 138-0000-0002", T0.AddHours(2), hint: "1001", connected: "1001", wait: 20); // b's caller again: b not resolved
        Queued(events, "d", "13800000004", T0.AddMinutes(3), hint: "1001", connected: null, wait: 50); // abandoned: not comparable
        Queued(events, "e", "13800000005", T0.AddMinutes(4), hint: null, connected: "1002", wait: 5); // no suggestion
        events.Add(TestEvents.Started("no-queue", at: T0)); // never queued: not in the report

        var shadow = ShadowComparison.Build(events, TimeSpan.FromDays(7));

        Assert.Equal(5, shadow.Calls.Count);
        Assert.Equal(2.0 / 3, shadow.AgentAgreement!.Value, 6);
        Assert.Equal((2, 15.0), (shadow.Agreed.Calls, shadow.Agreed.MeanWaitSeconds!.Value));
        Assert.Equal((1, 30.0), (shadow.Disagreed.Calls, shadow.Disagreed.MeanWaitSeconds!.Value));
        Assert.Equal(0, shadow.Disagreed.FirstContactResolution); // b called again within the window
        Assert.Equal(1, shadow.Agreed.FirstContactResolution);
        Assert.True(shadow.Calls.Single(c => c.CallId == "d").Abandoned);
        Assert.Equal(4, shadow.Hinted);
    }

    [Fact]
    public void A_window_limits_the_calls_and_a_short_repeat_window_forgets_the_callback()
    {
        var events = new List<EventEnvelope>();
        Queued(events, "b", "13800000002", T0, hint: "1002", connected: "1003", wait: 30);
        Queued(events, "c", "13800000002", T0.AddHours(2), hint: "1001", connected: "1001", wait: 20);

        var shadow = ShadowComparison.Build(events, TimeSpan.FromHours(1), from: T0, to: T0.AddHours(1));

        var only = Assert.Single(shadow.Calls);
        Assert.False(only.CalledAgain);
    }

    private static void Queued(List<EventEnvelope> events, string id, string caller, DateTimeOffset at, string? hint, string? connected, double wait)
    {
        events.Add(TestEvents.Started(id, caller, at));
        events.Add(TestEvents.Make(id, new CallQueued("sales", 1, 1), at: at.AddSeconds(1)));
        events.Add(TestEvents.Make(id, new RoutingHint(hint is null ? "wait" : "route-to-agent", "sales", hint, 0, ["test"]), at: at.AddSeconds(1)));
        if (connected is null)
        {
            events.Add(TestEvents.Make(id, new CallDequeued("sales", DequeueReason.Abandoned, wait), at: at.AddSeconds(wait)));
        }
        else
        {
            events.Add(TestEvents.Make(id, new CallDequeued("sales", DequeueReason.Answered, wait), at: at.AddSeconds(wait)));
            events.Add(TestEvents.Make(id, new AgentConnected(connected, null, "sales", wait, 2), at: at.AddSeconds(wait)));
        }

        events.Add(TestEvents.Ended(id, at.AddMinutes(5)));
    }
}
