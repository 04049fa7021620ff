using Middleware.Enrichment.Dialer;
using Middleware.Enrichment.Dialer.Campaigns;
using Middleware.Enrichment.Dialer.Pacing;
using Middleware.Enrichment.Dialer.Simulation;

namespace Middleware.Enrichment.Tests.Dialer;

public class DialerSimulationTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DateTimeOffset NineAm = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private static List<CampaignContact> Contacts(int count, TimeZoneInfo? zone = null) =>
        Enumerable.Range(1, count).Select(i => new CampaignContact($"c{i}", $"+86138{i:00000000}", null, zone ?? Shanghai, i + 1)).ToList();

    private static DialerSimulation.Result Run(PacingMode pacing, int seed, int agents = 15, double hours = 1.5) =>
        new DialerSimulation(new DialerOptions { Pacing = pacing }, new OutboundWorld(), agents, seed).Run("test", Contacts(3000), NineAm, TimeSpan.FromHours(hours));

    [Fact]
    public void The_same_seed_gives_the_same_run_and_another_seed_another()
    {
        Assert.Equal(Run(PacingMode.Predictive, 7).Line(), Run(PacingMode.Predictive, 7).Line());
        Assert.NotEqual(Run(PacingMode.Predictive, 7).Line(), Run(PacingMode.Predictive, 8).Line());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Predictive_gives_agents_more_talk_than_progressive_and_holds_the_3_percent_abandon_cap(int seed)
    {
        var progressive = Run(PacingMode.Progressive, seed);
        var predictive = Run(PacingMode.Predictive, seed);

        Assert.Equal(0, progressive.Stats.Abandoned); // 1:1 never dials a call no agent is waiting for
        Assert.InRange(progressive.TalkMinutesPerAgentHour, 28, 38);
        Assert.True(predictive.TalkMinutesPerAgentHour > progressive.TalkMinutesPerAgentHour * 1.15,
            $"predictive {predictive.Line()} vs progressive {progressive.Line()}");
        Assert.True(predictive.AbandonRate <= 0.03, predictive.Line());
    }

    [Fact]
    public void A_lower_abandon_target_dials_less_hard()
    {
        var strict = new DialerSimulation(new DialerOptions { AbandonTarget = 0.01 }, new OutboundWorld(), 15, 4).Run("t", Contacts(3000), NineAm, TimeSpan.FromHours(1.5));
        var loose = new DialerSimulation(new DialerOptions { AbandonTarget = 0.05 }, new OutboundWorld(), 15, 4).Run("t", Contacts(3000), NineAm, TimeSpan.FromHours(1.5));

        Assert.True(strict.AbandonRate <= 0.01, strict.Line());
        Assert.True(strict.Calls < loose.Calls, $"{strict.Line()} vs {loose.Line()}");
    }

    [Fact]
    public void Contacts_outside_their_calling_window_are_not_dialed()
    {
        // 09:00 in Shanghai is 01:00 in London: nobody there may be called yet.
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var result = new DialerSimulation(new DialerOptions(), new OutboundWorld(), 5, 1).Run("t", Contacts(50, london), NineAm, TimeSpan.FromHours(1));

        Assert.Equal(0, result.Calls);
    }

    [Fact]
    public void Busy_and_unanswered_contacts_are_retried_up_to_the_attempt_limit()
    {
        var options = new DialerOptions { Pacing = PacingMode.Progressive, MaxAttempts = 3, RetryBusy = TimeSpan.FromSeconds(30), RetryNoAnswer = TimeSpan.FromSeconds(30), RetryMachine = TimeSpan.FromSeconds(30) };
        var nobody = new OutboundWorld { HumanAnswer = 0, Machine = 0, Busy = 0.5 };

        var result = new DialerSimulation(options, nobody, 5, 1).Run("t", Contacts(20), NineAm, TimeSpan.FromHours(1));

        Assert.Equal(60, result.Calls); // 20 contacts × 3 attempts, then they are left alone
    }

    [Fact]
    public void Progressive_pacing_places_one_call_per_idle_agent_not_yet_covered()
    {
        var pacing = new PacingController(new DialerOptions { Pacing = PacingMode.Progressive });

        var place = pacing.CallsToPlace(new PacingInputs(5, [30, 60], [], 2, 1, 0.3, 15, (Math.Log(180), 0.5), 0, 100));

        Assert.Equal(2, place);
    }

    [Fact]
    public void At_the_abandon_cap_predictive_falls_back_to_one_to_one()
    {
        var pacing = new PacingController(new DialerOptions { Pacing = PacingMode.Predictive, AbandonTarget = 0.03 });
        var busy = Enumerable.Repeat(170.0, 20).ToList();

        var capped = pacing.CallsToPlace(new PacingInputs(2, busy, [], 0, 0, 0.2, 15, (Math.Log(180), 0.5), 0.028, 500));
        var under = pacing.CallsToPlace(new PacingInputs(2, busy, [], 0, 0, 0.2, 15, (Math.Log(180), 0.5), 0.01, 500));

        Assert.Equal(2, capped); // one per idle agent
        Assert.True(under > 2, "two idle agents and a 20% answer rate: more than one call each is dialed for them");
    }

    [Fact]
    public void The_abandon_window_forgets_calls_older_than_30_days()
    {
        var window = new AbandonRateWindow(TimeSpan.FromDays(30));
        window.Seed([(NineAm.AddDays(-40), true), (NineAm.AddDays(-10), false), (NineAm.AddDays(-5), true)]);
        window.Record(NineAm, abandoned: false);

        Assert.Equal(3, window.Answered);
        Assert.Equal(1.0 / 3, window.Rate, 6);
    }
}
