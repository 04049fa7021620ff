using Middleware.Enrichment.Ticketing;

namespace Middleware.Enrichment.Tests.Ticketing;

public class SlaAlarmPlanTests
{
    private static readonly DateTimeOffset Due = DateTimeOffset.Parse("2026-11-26T12:00:00Z");

    private static SlaWatchState Ticket(bool closed = false, params SlaAlarm[] fired) =>
        new("T-1001", Due, TimeSpan.FromMinutes(30), closed, new HashSet<SlaAlarm>(fired));

    [Fact]
    public void Open_ticket_before_the_warning_schedules_both_alarms()
    {
        var d = SlaAlarmPlan.Decide(Ticket(), Due.AddHours(-2));

        Assert.Empty(d.FireNow);
        Assert.Equal([(SlaAlarm.Warning, Due.AddMinutes(-30)), (SlaAlarm.Breached, Due)], d.Schedule.Select(s => (s.Alarm, s.FireAt)));
    }

    [Fact]
    public void Inside_the_warning_window_the_warning_fires_now_and_the_breach_waits()
    {
        var d = SlaAlarmPlan.Decide(Ticket(), Due.AddMinutes(-10));

        Assert.Equal([SlaAlarm.Warning], d.FireNow.Select(s => s.Alarm));
        Assert.Equal([SlaAlarm.Breached], d.Schedule.Select(s => s.Alarm));
    }

    [Fact]
    public void Due_in_the_past_after_a_restart_fires_the_breach_once_not_twice()
    {
        var afterRestart = Due.AddHours(1);

        var first = SlaAlarmPlan.Decide(Ticket(), afterRestart);
        Assert.Equal([SlaAlarm.Breached], first.FireNow.Select(s => s.Alarm));
        Assert.Empty(first.Schedule);

        // The breach is journaled; a second restart reads it back and fires nothing more.
        var second = SlaAlarmPlan.Decide(Ticket(false, SlaAlarm.Breached), afterRestart.AddMinutes(5));
        Assert.Empty(second.FireNow);
        Assert.Empty(second.Schedule);
    }

    [Fact]
    public void Warning_already_fired_is_not_repeated()
    {
        var d = SlaAlarmPlan.Decide(Ticket(false, SlaAlarm.Warning), Due.AddMinutes(-5));

        Assert.Empty(d.FireNow);
        Assert.Equal([SlaAlarm.Breached], d.Schedule.Select(s => s.Alarm));
    }

    [Fact]
    public void Closed_ticket_raises_nothing_before_or_after_due()
    {
        Assert.Equal((0, 0), Counts(SlaAlarmPlan.Decide(Ticket(closed: true), Due.AddHours(-2))));
        Assert.Equal((0, 0), Counts(SlaAlarmPlan.Decide(Ticket(closed: true), Due.AddHours(2))));
    }

    [Fact]
    public void No_warning_window_means_only_the_breach()
    {
        var d = SlaAlarmPlan.Decide(Ticket() with { WarnBefore = TimeSpan.Zero }, Due.AddHours(-1));

        Assert.Empty(d.FireNow);
        Assert.Equal([SlaAlarm.Breached], d.Schedule.Select(s => s.Alarm));
    }

    private static (int, int) Counts(SlaAlarmDecision d) => (d.FireNow.Count, d.Schedule.Count);
}
