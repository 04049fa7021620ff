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
