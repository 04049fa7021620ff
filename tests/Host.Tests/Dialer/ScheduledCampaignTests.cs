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
    };

    private static async Task<List<CallCenterEvent>> JournaledAsync(MiddlewareRuntime runtime) =>
        (await runtime.Journal.ReadAfterAsync(0, 100_000)).Select(e => e.Envelope.Payload).ToList();

    private static string StateOf(MiddlewareRuntime runtime, string campaign) => runtime.Campaigns!.Desk.Status().Single(s => s.Name == campaign).State;

    [Fact]
    public async Task Campaigns_start_and_stop_on_their_schedule_dialling_the_pbx_and_each_edge_is_journaled()
    {
        await using var pbx = new AmiEmulator(new AmiEmulatorOptions { Speed = 20 });
        // Everyone answers and talks for an hour of the PBX's time: no campaign runs out of contacts (finished) before its stop.
        pbx.Pbx.Pstn = new PstnLines { Seed = 2, TalkMin = TimeSpan.FromHours(1), TalkMax = TimeSpan.FromHours(1) };
        foreach (var number in new[] { "8613800000021", "8613800000022", "8613900000031", "8613900000032" })
        {
            pbx.Pbx.Pstn.Fixed[number] = PstnOutcome.Human;
        }

        CallCenterStaff.Seat(pbx.Pbx);
        await pbx.StartAsync();
        var clock = new FakeTimeProvider(Launch);
        var early = Campaign("early", "08:00", "09:10", "13800000021", "13800000022");
        var morning = Campaign("morning", "0 9 * * 1-5", "09:30", "13900000031", "13900000032"); // Unix cron: 09:00 on weekdays

        var runtime = await MiddlewareRuntime.StartAsync(Config(pbx.Port, early, morning), NullLoggerFactory.Instance, clock);
        try
        {
            // Launched at 08:59:30, inside early's hours: it starts at once; morning waits for 09:00.
            Assert.Equal("started", StateOf(runtime, "early"));
            Assert.Equal("scheduled", StateOf(runtime, "morning"));
            Assert.Equal((Launch.AddSeconds(30), Launch.AddSeconds(30 + 30 * 60)), await runtime.Campaigns!.NextAsync("morning", CancellationToken.None));
            // No call is placed before the AMI session is up (it would fail and use up the contact's attempt).
            await Eventually.True(() => runtime.Sources.OfType<AmiSource>().Single().Health.Healthy, "the AMI source to connect", TimeSpan.FromMinutes(2));
            clock.Advance(TimeSpan.FromMilliseconds(100)); // the dialer's next tick
            await Eventually.True(() => pbx.ActionsReceived.Count(a => a == "Originate") >= 2, "early's calls reach the PBX as Originates", TimeSpan.FromMinutes(2));

            clock.Advance(TimeSpan.FromSeconds(29.9)); // 09:00: Quartz fires morning's start
            await Eventually.True(() => StateOf(runtime, "morning") == "started", "morning started by its trigger", TimeSpan.FromMinutes(2));
            await Eventually.True(() => JournaledAsync(runtime).GetAwaiter().GetResult().OfType<DialAttemptPlaced>().Any(p => p.Campaign == "morning"), "morning's first call", TimeSpan.FromMinutes(2));

            clock.Advance(TimeSpan.FromMinutes(10)); // 09:10: early stops
            await Eventually.True(() => StateOf(runtime, "early") == "stopped", "early stopped by its trigger", TimeSpan.FromMinutes(2));
            clock.Advance(TimeSpan.FromMinutes(20)); // 09:30: morning stops
            await Eventually.True(() => StateOf(runtime, "morning") == "stopped", "morning stopped by its trigger", TimeSpan.FromMinutes(2));

            var journaled = await JournaledAsync(runtime);
            var edges = journaled.OfType<CampaignStateChanged>().Select(c => $"{c.Campaign} {c.State}").ToList();
            Assert.Equal(["early started", "morning started", "early stopped", "morning stopped"], edges);
            var started = journaled.OfType<CampaignStateChanged>().First(c => c.Campaign == "early");
            Assert.Equal(2, started.Contacts);
            Assert.Contains("launched inside its hours", started.Detail, StringComparison.Ordinal);
            Assert.Contains("09:30", journaled.OfType<CampaignStateChanged>().Last().Detail, StringComparison.Ordinal); // the stop says which schedule stopped it
            Assert.All(journaled.OfType<WriteBackRequested>().Where(r => r.Action == "Originate"), r => Assert.Equal("pbx", r.Target));
            Assert.Equal(journaled.OfType<DialAttemptPlaced>().Count(), journaled.OfType<WriteBackRequested>().Count(r => r.Action == "Originate"));
        }
        finally
        {
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
