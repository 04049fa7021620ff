using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Adapters.Ami.WriteBack;
using Middleware.Core.Journal;
using Middleware.Enrichment.Dialer;
using Middleware.Enrichment.Dialer.Campaigns;
using Middleware.Samples.Ami;
using Middleware.Samples.Pbx;
using Middleware.Samples.Scenarios;

namespace Middleware.Host.Cli;

/// <summary>Where <c>dial run</c> places its calls: a PBX's AMI, or (none given) the emulated PBX with its staff and seeded customers.</summary>
public sealed record DialRunTarget(string? Host, int Port, string Username, string Secret, int Seed, double Speed);

/// <summary>
/// middleware dial run: one campaign dialled for real. The calls go out as AMI Originates through
/// the write-back gate in act mode with an allow-list of Originate and Hangup only, every request
/// and outcome journaled (SQLite); it ends when every contact's attempts are done.
/// </summary>
public static class DialRun
{
    /// <summary>The AMI source's name, which the Originates go through.</summary>
    private const string Pbx = "pbx";

    public static async Task<(DialerEngine Engine, TimeSpan Elapsed)> RunAsync(CampaignOptions campaign, IReadOnlyList<CampaignContact> contacts, DialRunTarget target,
        string journalPath, TextWriter log, CancellationToken cancellationToken)
    {
        AmiEmulator? emulator = null;
        if (target.Host is null)
        {
            emulator = new AmiEmulator(new AmiEmulatorOptions { Speed = target.Speed, Username = target.Username, Secret = target.Secret });
            emulator.Pbx.Pstn = new PstnLines { Seed = target.Seed };
            CallCenterStaff.Seat(emulator.Pbx);
            foreach (var agent in campaign.Agents.Where(a => emulator.Pbx.Queue(campaign.Queue).Member(a) is null))
            {
                emulator.Pbx.AddMember(campaign.Queue, agent, agent); // the agents named are the queue's members
            }

            await emulator.StartAsync().ConfigureAwait(false);
            log.WriteLine($"emulated PBX on 127.0.0.1:{emulator.Port} (speed {target.Speed}, customers seeded {target.Seed})");
        }

        try
        {
            var factory = new EventFactory(TimeProvider.System);
            var source = new AmiSource(new AmiSourceOptions
            {
                Name = Pbx, Host = target.Host ?? "127.0.0.1", Port = emulator?.Port ?? target.Port, Username = target.Username, Secret = target.Secret,
            }, factory, NullLogger.Instance);
            var gate = new WriteBackGate(new WriteBackOptions
                {
                    // An Originate holds its lane until the far end answers or rings out; each
                    // attempt is its own call, so many lanes let the pacing's calls ring at once.
                    Mode = WriteBackMode.Act, Allow = new() { [Pbx] = ["Originate", "Hangup", "Redirect"] }, Lanes = 256,
                },
                [new AmiWriteBackTarget(source)], factory);
            // The dialer keeps the PBX's time: against the emulator at --speed, ring, grace, wrap-up
            // and talk are all in its clock, so the figures are per PBX hour, as dial simulate's.
            TimeProvider clock = emulator is null ? TimeProvider.System : emulator.Pbx.Clock;
            var dialer = LiveDialer.For(campaign, contacts, Pbx, clock, () => source.Health.Healthy);
            await using var journal = await SqliteJournal.OpenAsync(new JournalOptions { Path = journalPath }).ConfigureAwait(false);
            var pipeline = new EventPipeline(new PipelineOptions(), journal, new CallStateStore(), factory, [dialer], gate: gate);
            pipeline.Start();
            await source.StartAsync(pipeline, cancellationToken).ConfigureAwait(false);
            var started = clock.GetUtcNow();
            try
            {
                // A tick every 100 ms of the dialer's clock (graces are 2 s), but no more often than every 5 ms of
                // real time: the emulator's clock runs its timers at its speed.
                var every = TimeSpan.FromMilliseconds(Math.Max(100, 5 * Math.Max(1, target.Host is null ? target.Speed : 1)));
                await dialer.RunAsync(pipeline, factory, every, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                log.WriteLine("stopped before the campaign was done");
            }

            await source.DisposeAsync().ConfigureAwait(false);
            await pipeline.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return (dialer.Engine, clock.GetUtcNow() - started);
        }
        finally
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The same closing line as <c>dial simulate</c>, over the run's wall-clock time.</summary>
    public static string Line(DialerEngine engine, int agents, TimeSpan elapsed)
    {
        var s = engine.Stats;
        var agentHours = Math.Max(1e-9, agents * elapsed.TotalHours);
        return string.Create(CultureInfo.InvariantCulture,
            $"talk_min_per_agent_hour={s.TalkSeconds / 60 / agentHours:0.0} abandon_rate={s.AbandonRate:0.0000} connect_rate={s.ConnectRate:0.0000} calls={s.Dials}");
    }
}
