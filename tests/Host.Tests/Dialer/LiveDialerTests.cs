using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Adapters.Ami.Client;
using Middleware.Adapters.Ami.WriteBack;
using Middleware.Core.CallState;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Core.Pipeline;
using Middleware.Core.WriteBack;
using Middleware.Enrichment.Dialer;
using Middleware.Enrichment.Dialer.Campaigns;
using Middleware.Samples.Ami;
using Middleware.Samples.Pbx;
using Middleware.Samples.Scenarios;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Dialer;

/// <summary>
/// A small campaign CSV dialled for real: the dialer's Originates go over a TCP AMI session to the
/// emulated PBX through the write-back gate (act, allow-list), customers behind the trunk answer,
/// are busy, ring out or are machines, AMD() tells which, people are queued to the sales agents.
/// </summary>
public sealed class LiveDialerTests
{
    private const string Csv = """
        id,number,name,time_zone
        c01,13800000001,Zhang Wei,Asia/Shanghai
        c02,13800000002,Li Na,Asia/Shanghai
        c03,13800000003,Wang Fang,Asia/Shanghai
        c04,13800000004,Liu Yang,Asia/Shanghai
        c05,13900000005,Chen Jing,Asia/Shanghai
        c06,13900000006,Yang Lei,Asia/Shanghai
        c07,13900000007,Zhao Min,Asia/Shanghai
        c08,13900000008,Huang Li,Asia/Shanghai
        c09,13900000009,Zhou Tao,Asia/Shanghai
        c10,13900000010,Wu Qiang,Asia/Shanghai
        bad,12345,Nobody,Asia/Shanghai
        """;

    [Fact]
    public async Task A_campaign_places_each_call_through_the_gate_records_every_outcome_and_keeps_the_abandon_cap()
    {
        using var dir = new TempDirectory();
        await using var pbx = new AmiEmulator(new AmiEmulatorOptions { Speed = 20 });
        pbx.Pbx.Pstn = new PstnLines
        {
            Seed = 3,
            TalkMin = TimeSpan.FromSeconds(20), TalkMax = TimeSpan.FromSeconds(40),
            Fixed = { ["8613800000001"] = PstnOutcome.Human, ["8613800000002"] = PstnOutcome.Machine, ["8613800000003"] = PstnOutcome.Busy, ["8613800000004"] = PstnOutcome.NoAnswer }, // dialled as E.164 digits
        };
        CallCenterStaff.Seat(pbx.Pbx);
        await pbx.StartAsync();

        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var import = CampaignCsv.Read(new StringReader(Csv), shanghai);
        Assert.Single(import.Errors); // the bad row is reported, the rest dialled
        var options = new DialerOptions
        {
            Pacing = PacingMode.Predictive, MaxAttempts = 1, WindowStart = TimeOnly.MinValue, WindowEnd = TimeOnly.MaxValue,
            RingTimeout = TimeSpan.FromSeconds(25), WrapUp = TimeSpan.FromMilliseconds(200), ConnectGrace = TimeSpan.FromSeconds(2),
        };
        var engine = new DialerEngine("spring", options, import.Contacts, ["PJSIP/2001", "PJSIP/2002"]);
        var factory = new EventFactory(TimeProvider.System);
        var source = new AmiSource(new AmiSourceOptions
        {
            Name = "pbx", Host = "127.0.0.1", Port = pbx.Port, Username = "middleware", Secret = "middleware-secret",
            ReconnectDelay = TimeSpan.FromMilliseconds(50), MaxReconnectDelay = TimeSpan.FromMilliseconds(500), ActionTimeout = TimeSpan.FromSeconds(5),
        }, factory, NullLogger.Instance);
        var target = new AmiWriteBackTarget(source);
        var gate = new WriteBackGate(new WriteBackOptions { Mode = WriteBackMode.Act, Allow = new() { ["pbx"] = ["Originate", "Hangup"] } }, [target], factory);
        var dialer = new LiveDialer(engine, new LiveDialerSetup("pbx", Queue: "sales", CallerId: "\"Acme\" <4008001234>"), TimeProvider.System);
        await using var journal = await SqliteJournal.OpenAsync(new JournalOptions { Path = dir.File("journal.db"), Durability = JournalDurability.Normal });
        var pipeline = new EventPipeline(new PipelineOptions { Partitions = 4 }, journal, new CallStateStore(), factory, [dialer], gate: gate);
        pipeline.Start();
        await source.StartAsync(pipeline, CancellationToken.None);
        await Eventually.True(() => source.Status.State == AmiConnectionState.Connected, "the AMI session");

        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await dialer.RunAsync(pipeline, factory, TimeSpan.FromMilliseconds(50), stop.Token);
        await source.DisposeAsync();
        await pipeline.StopAsync();

        Assert.True(dialer.Finished, $"campaign not finished: {engine.Stats.Dials} dials, outcomes {string.Join(",", dialer.Outcomes.Values)}");
        Assert.Equal(10, engine.Stats.Dials);
        Assert.Equal(10, pbx.ActionsReceived.Count(a => a == "Originate"));
        var outcomes = dialer.Outcomes;
        Assert.Equal(10, outcomes.Count);
        Assert.Equal(["busy", "connected", "machine", "no-answer"], outcomes.Values.Where(o => o != "abandoned").Distinct().Order());
        Assert.True(engine.Stats.AbandonRate <= options.AbandonTarget, $"abandon rate {engine.Stats.AbandonRate:P1}");

        var journaled = (await journal.ReadAfterAsync(0, 100_000)).Select(e => e.Envelope.Payload).ToList();
        Assert.Equal(10, journaled.OfType<DialAttemptPlaced>().Count());
        Assert.Equal(10, journaled.OfType<WriteBackRequested>().Count(r => r.Action == "Originate"));
        Assert.Equal(outcomes.Values.Order(), journaled.OfType<DialAttemptEnded>().Select(e => e.Outcome).Order());
        Assert.Contains(journaled.OfType<AmdResult>(), a => a.Machine);
        Assert.Equal(engine.Stats.HumanAnswers, journaled.OfType<AmdResult>().Count(a => !a.Machine));
    }

    [Fact]
    public async Task An_abandoned_person_is_redirected_to_the_abandon_message_and_hung_up_by_the_dialplan()
    {
        using var dir = new TempDirectory();
        await using var pbx = new AmiEmulator(new AmiEmulatorOptions { Speed = 20 });
        pbx.Pbx.Pstn = new PstnLines { Seed = 1, Fixed = { ["8613800000001"] = PstnOutcome.Human, ["8613800000002"] = PstnOutcome.Human, ["8613800000003"] = PstnOutcome.Human, ["8613800000004"] = PstnOutcome.Human } };
        CallCenterStaff.Seat(pbx.Pbx);
        foreach (var agent in new[] { "PJSIP/2001", "PJSIP/2002" })
        {
            pbx.Pbx.PauseMember("sales", agent, true, "meeting"); // the people answering wait in the queue
        }

        await pbx.StartAsync();
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var import = CampaignCsv.Read(new StringReader(string.Join('\n', Csv.Split('\n').Take(5))), shanghai);
        // One agent, and a pacing past its warm-up (yesterday's answers, none abandoned) allowed to dial far ahead:
        // the first tick calls all four people, and those beyond the one agent wait out the grace.
        var options = new DialerOptions
        {
            Pacing = PacingMode.Predictive, MaxAttempts = 1, WindowStart = TimeOnly.MinValue, WindowEnd = TimeOnly.MaxValue, ConnectGrace = TimeSpan.FromSeconds(2),
            AbandonTarget = 1, MaxDialRatio = 4,
        };
        var engine = new DialerEngine("spring", options, import.Contacts, ["PJSIP/2001"]);
        engine.Abandons.Seed(Enumerable.Range(0, 30).Select(i => (DateTimeOffset.UtcNow.AddDays(-1).AddMinutes(i), false)));
        var factory = new EventFactory(TimeProvider.System);
        var source = new AmiSource(new AmiSourceOptions { Name = "pbx", Host = "127.0.0.1", Port = pbx.Port, Username = "middleware", Secret = "middleware-secret" }, factory, NullLogger.Instance);
        var gate = new WriteBackGate(new WriteBackOptions { Mode = WriteBackMode.Act, Allow = new() { ["pbx"] = ["Originate", "Hangup", "Redirect"] }, Lanes = 16 }, [new AmiWriteBackTarget(source)], factory);
        var message = new AbandonMessageOptions { Context = "dialer-abandon", Exten = "abandon", Priority = 1 };
        var dialer = new LiveDialer(engine, new LiveDialerSetup("pbx", AbandonMessage: message), TimeProvider.System, () => source.Health.Healthy);
        await using var journal = await SqliteJournal.OpenAsync(new JournalOptions { Path = dir.File("journal.db"), Durability = JournalDurability.Normal });
        var pipeline = new EventPipeline(new PipelineOptions { Partitions = 4 }, journal, new CallStateStore(), factory, [dialer], gate: gate);
        pipeline.Start();
        await source.StartAsync(pipeline, CancellationToken.None);
        await Eventually.True(() => source.Status.State == AmiConnectionState.Connected, "the AMI session");

        using var stop = new CancellationTokenSource();
        var running = dialer.RunAsync(pipeline, factory, TimeSpan.FromMilliseconds(50), stop.Token);
        List<EventEnvelope> Journaled() => journal.ReadAfterAsync(0, 100_000).GetAwaiter().GetResult().Select(e => e.Envelope).ToList();
        // The redirected call's own hangup (the dialplan's, after the message) closes it.
        bool RedirectedAndHungUp(List<EventEnvelope> events) => events.Any(e => e.Payload is WriteBackCompleted { Action: "Redirect" } r
            && events.Any(x => x.Payload is WriteBackRequested q && q.RequestId == r.RequestId && events.Any(h => h.Payload is CallEnded && h.CallId == x.CallId)));
        await Eventually.True(() => RedirectedAndHungUp(Journaled()), "an abandoned call redirected to the message and hung up", TimeSpan.FromMinutes(2),
            () => string.Join(", ", Journaled().Select(e => e.Payload.Kind)));
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // stopped while the connected call still waits for the paused agents
        }

        await source.DisposeAsync();
        await pipeline.StopAsync();

        var journaled = Journaled().Select(e => e.Payload).ToList();
        var redirects = journaled.OfType<WriteBackRequested>().Where(r => r.Action == "Redirect").ToList();
        Assert.NotEmpty(redirects);
        Assert.All(redirects, r => Assert.Equal(("dialer-abandon", "abandon", "1"), (r.Parameters["Context"], r.Parameters["Exten"], r.Parameters["Priority"])));
        Assert.Equal(journaled.OfType<DialAttemptEnded>().Count(e => e.Outcome == "abandoned"), redirects.Count); // the abandoned outcome stays, one redirect each
        Assert.DoesNotContain(journaled.OfType<WriteBackRequested>(), r => r.Action == "Hangup");
        Assert.Contains("Redirect", pbx.ActionsReceived);
    }
}
