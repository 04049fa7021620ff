using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Middleware.Adapters.Ami.Client;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Core.WriteBack;
using Middleware.Enrichment.Dialer;
using Middleware.Enrichment.Dialer.Campaigns;
using Middleware.Host.Configuration;
using Middleware.Host.Hosting;
using Middleware.Samples.Ami;
using Middleware.Samples.Pbx;
using Middleware.Samples.Scenarios;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Dialer;

/// <summary>
/// dialer.campaigns in `run`: the runtime starts and stops each campaign by its schedule on Quartz, on an
/// injected clock (no real hours waited), dialling the emulated PBX over TCP AMI through the runtime's gate;
/// every start and stop is journaled and the desk reports each campaign's state.
/// </summary>
public sealed class ScheduledCampaignTests : IDisposable
{
    // 08:59:30 in Shanghai on a Monday.
    private static readonly DateTimeOffset Launch = DateTimeOffset.Parse("2026-03-02T08:59:30+08:00", CultureInfo.InvariantCulture);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private CampaignOptions Campaign(string name, string start, string stop, params string[] numbers)
    {
        var file = _dir.File(name + ".csv");
        File.WriteAllText(file, "id,number,name\n" + string.Concat(numbers.Select((n, i) => $"{name}-{i},{n},Customer {i}\n")));
        return new CampaignOptions
        {
            Name = name, File = file, Pacing = PacingMode.Progressive, Agents = ["PJSIP/2001", "PJSIP/2002"], Queue = "sales",
            Window = "00:00-23:59", MaxAttempts = 1, Start = start, Stop = stop, TimeZone = "Asia/Shanghai",
        };
    }

    private MiddlewareConfig Config(int port, params CampaignOptions[] campaigns) => new()
    {
        Journal = new JournalOptions { Path = _dir.File("journal.db"), Durability = JournalDurability.Normal },
        Sources = new SourcesConfig { Ami = [new AmiSourceOptions { Name = "pbx", Port = port, Username = "middleware", Secret = "middleware-secret" }] },
        WriteBack = new WriteBackOptions { Mode = WriteBackMode.Act, Allow = new() { ["pbx"] = ["Originate", "Hangup"] } },
        Routing = new() { Enabled = false },
        Dialer = new DialerConfig { Campaigns = [.. campaigns] },
        Emotion = new() { Enabled = false }, // no text to read: loading the models only slows the start
        Intent = new() { Enabled = false },
    };

    private static async Task<List<CallCenterEvent>> JournaledAsync(MiddlewareRuntime runtime) =>
        (await runtime.Journal.ReadAfterAsync(0, 100_000)).Select(e => e.Envelope.Payload).ToList();

    private static string StateOf(MiddlewareRuntime runtime, string campaign) => runtime.Campaigns!.Desk.Status().Single(s => s.Name == campaign).State;

    [Fact]
    public async Task Campaigns_start_and_stop_on_their_schedule_dialling_the_pbx_and_each_edge_is_journaled()
    {
        // One clock for the PBX and the middleware, twenty times real time, held at launch: the schedules,
        // the dialers' ticks and the PBX's ringing and talking all move on it, so no call outlives or
        // undercuts a window because two clocks drifted apart. 09:00, 09:01 and 09:02 come 1.5, 4.5 and 7.5 s after release.
        var clock = new ScaledClock(20, Launch, held: true);
        await using var pbx = new AmiEmulator(new AmiEmulatorOptions { Clock = clock });
        // Everyone answers and talks for an hour of the PBX's time, and each list is longer than the two
        // agents can take: no campaign runs out of contacts (finishes) before its stop, even if a call fails.
        pbx.Pbx.Pstn = new PstnLines { Seed = 2, TalkMin = TimeSpan.FromHours(1), TalkMax = TimeSpan.FromHours(1) };
        string[] earlyNumbers = [.. Enumerable.Range(21, 6).Select(n => $"138000000{n}")], morningNumbers = [.. Enumerable.Range(31, 6).Select(n => $"139000000{n}")];
        foreach (var number in earlyNumbers.Concat(morningNumbers))
        {
            pbx.Pbx.Pstn.Fixed["86" + number] = PstnOutcome.Human; // dialled as E.164 digits
        }

        var early = Campaign("early", "08:00", "09:01", earlyNumbers);
        var morning = Campaign("morning", "0 9 * * 1-5", "09:02", morningNumbers); // Unix cron: 09:00 on weekdays
        CallCenterStaff.Seat(pbx.Pbx);
        await pbx.StartAsync();

        var runtime = await MiddlewareRuntime.StartAsync(Config(pbx.Port, early, morning), NullLoggerFactory.Instance, clock);
        try
        {
            // Launched at 08:59:30, inside early's hours: it starts at once; morning waits for 09:00.
            Assert.Equal("started", StateOf(runtime, "early"));
            Assert.Equal("scheduled", StateOf(runtime, "morning"));
            Assert.Equal((Launch.AddSeconds(30), Launch.AddSeconds(30 + 2 * 60)), await runtime.Campaigns!.NextAsync("morning", CancellationToken.None));
            await Eventually.True(() => runtime.Sources.OfType<AmiSource>().Single().Health.Healthy, "the AMI source to connect", TimeSpan.FromMinutes(2));
            clock.Release();

            await Eventually.True(() => StateOf(runtime, "early") == "stopped" && StateOf(runtime, "morning") == "stopped", "both campaigns stopped by their triggers", TimeSpan.FromMinutes(2),
                () => string.Join(", ", runtime.Campaigns!.Desk.Status().Select(s => $"{s.Name} {s.State}")));
            await Eventually.True(() => JournaledAsync(runtime).GetAwaiter().GetResult().OfType<CampaignStateChanged>().Count(c => c.State == "stopped") == 2, "both stops journaled", TimeSpan.FromMinutes(1));

            var journaled = (await runtime.Journal.ReadAfterAsync(0, 100_000)).Select(e => e.Envelope).ToList();
            var edges = journaled.Where(e => e.Payload is CampaignStateChanged).ToList();
            Assert.Equal(["early started", "morning started", "early stopped", "morning stopped"], edges.Select(e => (CampaignStateChanged)e.Payload).Select(c => $"{c.Campaign} {c.State}"));
            var started = (CampaignStateChanged)edges[0].Payload;
            Assert.Equal(6, started.Contacts);
            Assert.Contains("launched inside its hours", started.Detail, StringComparison.Ordinal);
            Assert.Contains("0 9 * * 1-5", ((CampaignStateChanged)edges[1].Payload).Detail, StringComparison.Ordinal); // the start says which schedule started it
            Assert.Contains("09:02", ((CampaignStateChanged)edges[3].Payload).Detail, StringComparison.Ordinal);
            // Each edge on the shared clock, never before its time (Quartz fires at or after it).
            Assert.Equal(Launch, edges[0].OccurredAt);
            Assert.True(edges[1].OccurredAt >= Launch.AddSeconds(30), $"morning started at {edges[1].OccurredAt:O}");
            Assert.True(edges[2].OccurredAt >= Launch.AddSeconds(90), $"early stopped at {edges[2].OccurredAt:O}");
            Assert.True(edges[3].OccurredAt >= Launch.AddSeconds(150), $"morning stopped at {edges[3].OccurredAt:O}");

            // Every campaign dialled its two agents' worth inside its own window and nothing outside it.
            foreach (var (campaign, from, to) in new[] { ("early", edges[0], edges[2]), ("morning", edges[1], edges[3]) })
            {
                var placed = journaled.Where(e => e.Payload is DialAttemptPlaced p && p.Campaign == campaign).ToList();
                Assert.True(placed.Count >= 2, $"{campaign} placed {placed.Count} call(s)");
                Assert.All(placed, p => Assert.InRange(p.OccurredAt, from.OccurredAt, to.OccurredAt));
            }

            var originates = journaled.Select(e => e.Payload).OfType<WriteBackRequested>().Where(r => r.Action == "Originate").ToList();
            Assert.All(originates, r => Assert.Equal("pbx", r.Target));
            Assert.Equal(journaled.Count(e => e.Payload is DialAttemptPlaced), originates.Count);
            await Eventually.True(() => pbx.ActionsReceived.Count(a => a == "Originate") == originates.Count, "every Originate requested to reach the PBX", TimeSpan.FromMinutes(1));
        }
        finally
        {
            await runtime.StopAsync();
        }
    }

    [Theory]
    [InlineData(5, "5.0% (5 of 100 answered)", true)] // over the cap (90% of the 3% target)
    [InlineData(0, "0.0% (0 of 100 answered)", false)]
    public async Task A_restarted_campaign_refills_its_abandon_window_from_the_journal_and_the_cap_still_holds(int abandonedBefore, string window, bool capped)
    {
        // The earlier runs, as the journal keeps them: 100 person-answered calls in the last 30 days, a given
        // number of them abandoned; plus what must not count: older than 30 days, or another campaign's.
        var config = Config(0, Campaign("spring", "08:00", "18:00", [.. Enumerable.Range(10, 12).Select(n => $"138000000{n}")]));
        var spring = config.Dialer.Campaigns[0];
        (spring.Pacing, spring.Agents) = (PacingMode.Predictive, ["PJSIP/2001", "PJSIP/2002", "PJSIP/2003", "PJSIP/2004"]);
        var factory = new EventFactory(TimeProvider.System);
        EventEnvelope Ended(string campaign, int daysAgo, int i, string outcome)
        {
            var at = Launch.AddDays(-daysAgo).AddMinutes(i);
            return factory.Create("dialer", $"dialer:{campaign}-{daysAgo}-{i}", new DialAttemptEnded(campaign, $"c{i}", "+8613800000001", 1, outcome, TalkSeconds: outcome == "connected" ? 90 : null))
                with { OccurredAt = at, ReceivedAt = at };
        }

        await using (var journal = await JournalFactory.OpenAsync(config.Journal, new FakeTimeProvider(Launch), CancellationToken.None))
        {
            await journal.AppendBatchAsync([
                .. Enumerable.Range(0, 100).Select(i => Ended("spring", 1 + i % 28, i, i < abandonedBefore ? "abandoned" : "connected")),
                .. Enumerable.Range(0, 20).Select(i => Ended("spring", 1 + i % 28, 200 + i, i % 2 == 0 ? "machine" : "no-answer")),
                .. Enumerable.Range(0, 50).Select(i => Ended("spring", 31, i, "abandoned")),
                .. Enumerable.Range(0, 50).Select(i => Ended("autumn", 2, i, "abandoned")),
            ]);
        }

        // The PBX and the middleware on one clock, held at the restart: every tick of the dialer is at the same
        // instant and no call it places gets anywhere, so what is placed is the first decision's.
        var clock = new ScaledClock(20, Launch, held: true);
        await using var pbx = new AmiEmulator(new AmiEmulatorOptions { Clock = clock });
        CallCenterStaff.Seat(pbx.Pbx);
        await pbx.StartAsync();
        var runtime = await MiddlewareRuntime.StartAsync(Config(pbx.Port, spring), NullLoggerFactory.Instance, clock);
        try
        {
            await Eventually.True(() => JournaledAsync(runtime).GetAwaiter().GetResult().OfType<CampaignStateChanged>().Any(), "the start journaled", TimeSpan.FromMinutes(1));
            var started = Assert.Single((await JournaledAsync(runtime)).OfType<CampaignStateChanged>());
            Assert.Equal("started", started.State);
            Assert.Contains($"abandon rate over the last 30 days {window}", started.Detail, StringComparison.Ordinal);

            // The dialer's first tick with the PBX up, four agents idle: past its warm-up on the journal's 100
            // answers, it dials ahead when the 30 days are clean, and stays 1:1 at the cap.
            await Eventually.True(() => JournaledAsync(runtime).GetAwaiter().GetResult().OfType<DialAttemptPlaced>().Count() >= 4, "the first tick's calls", TimeSpan.FromMinutes(2));
            var ratios = (await JournaledAsync(runtime)).OfType<DialAttemptPlaced>().Select(p => p.DialRatio).Distinct().ToList();
            if (capped)
            {
                Assert.Equal([1.0], ratios);
            }
            else
            {
                Assert.True(ratios.Single() > 1, $"dial ratio {ratios.Single()}");
            }
        }
        finally
        {
            clock.Release(); // the Originates still waiting on the PBX time out, and the runtime stops
            await runtime.StopAsync();
        }
    }

    [Fact]
    public async Task A_campaign_whose_file_is_gone_at_its_start_is_journaled_as_failed_and_not_run()
    {
        await using var pbx = new AmiEmulator(new AmiEmulatorOptions());
        CallCenterStaff.Seat(pbx.Pbx);
        await pbx.StartAsync();
        var clock = new FakeTimeProvider(Launch);
        var gone = Campaign("gone", "09:00", "10:00", "13800000041");
        File.Delete(gone.File); // the config was valid; the file went away before 09:00

        var runtime = await MiddlewareRuntime.StartAsync(Config(pbx.Port, gone), NullLoggerFactory.Instance, clock);
        try
        {
            clock.Advance(TimeSpan.FromSeconds(30));
            await Eventually.True(() => JournaledAsync(runtime).GetAwaiter().GetResult().OfType<CampaignStateChanged>().Any(), "the failed start journaled", TimeSpan.FromMinutes(2));
            var failed = Assert.Single((await JournaledAsync(runtime)).OfType<CampaignStateChanged>());
            Assert.Equal("failed", failed.State);
            Assert.Contains("gone.csv", failed.Detail, StringComparison.Ordinal);
            Assert.Equal("scheduled", StateOf(runtime, "gone"));
            Assert.DoesNotContain("Originate", pbx.ActionsReceived);
        }
        finally
        {
            await runtime.StopAsync();
        }
    }
}
