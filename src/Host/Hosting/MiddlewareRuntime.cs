using Middleware.Adapters.Ami.WriteBack;
using Middleware.Adapters.Crm;
using Middleware.Adapters.Crm.WriteBack;
using Middleware.Adapters.FastAgi.Server;
using Middleware.Adapters.SipMirror.Capture;
using Middleware.Adapters.SipMirror.Hep;
using Middleware.Adapters.Stomp.Commands;
using Middleware.Adapters.Stomp.Publishing;
using Middleware.Core.Sources;

namespace Middleware.Host.Hosting;

/// <summary>
/// The composed middleware: journal, call state, pipeline with enrichers and sinks, the write-back
/// gate and its targets, and the sources. Started in that order; stopped in reverse, draining
/// each stage so nothing accepted is left unprocessed.
/// </summary>
public sealed class MiddlewareRuntime : IAsyncDisposable
{
    private MiddlewareRuntime()
    {
    }

    /// <summary>Publishes every journaled event to the broker (null without one).</summary>
    public BrokerPublisher? Broker { get; private init; }

    public required IEventJournal Journal { get; init; }

    public required EventPipeline Pipeline { get; init; }

    public CallStateStore State => Pipeline.State;

    public required WriteBackGate Gate { get; init; }

    /// <summary>Every source, started, stopped and reported alike: AMI sessions, HEP listeners, capture interfaces, FastAGI servers, CRM ticket status pollers, the broker's commands.</summary>
    public required IReadOnlyList<IEventSource> Sources { get; init; }

    public required IReadOnlyList<CrmClient> Crms { get; init; }

    /// <summary>The transcription enricher (null when speech is off or its engine cannot run here).</summary>
    public Enrichment.Asr.TranscriptionEnricher? Speech { get; private init; }

    /// <summary>The SLA watcher's alarms (null when ticketing.sla_watch is off or there is no crm_target).</summary>
    public QuartzSlaScheduler? SlaScheduler { get; private init; }

    /// <summary>The scheduled campaigns (null when dialer.campaigns is empty).</summary>
    public CampaignComposition? Campaigns { get; private set; }

    private ILogger Logger { get; init; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <param name="reloadConfig">Re-reads the config file, for the broker's reload-config command (null: not from a file).</param>
    public static async Task<MiddlewareRuntime> StartAsync(MiddlewareConfig config, ILoggerFactory logs, TimeProvider? time = null, IEnumerable<IEventSink>? sinks = null,
        Func<MiddlewareConfig>? reloadConfig = null, CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        var logger = logs.CreateLogger("middleware");
        var journal = await JournalFactory.OpenAsync(config.Journal, time, cancellationToken).ConfigureAwait(false);
        if (journal.Recovery is { } recovery)
        {
            logger.LogWarning("{Recovery}", recovery);
        }

        logger.LogInformation("journal: {Journal}", journal.Description);

        var factory = new EventFactory(time);
        var state = new CallStateStore(time, new CallJoinOptions
        {
            MirrorSources = config.Sources.MirrorNames(),
            Window = config.Sources.JoinWindow(),
        });

        // A PBX's AMI session is a source and also the way write-backs reach that PBX, so sources are
        // built first, the gate over them, the pipeline over the gate; sources get the pipeline at start.
        var amiSources = config.Sources.Ami.Select(o => new AmiSource(o, factory, logs.CreateLogger($"ami.{o.Name}"))).ToList();
        var crms = config.Crm.Select(c => new CrmClient(c, time, logs.CreateLogger($"crm.{c.Name}"))).ToList();
        var targets = amiSources.Select(s => (IWriteBackTarget)new AmiWriteBackTarget(s))
            .Concat(crms.Select(c => new CrmWriteBackTarget(c)))
            .ToList();
        var gate = new WriteBackGate(config.WriteBack, targets, factory, logs.CreateLogger("write-back"), [new QueuedCallerCondition(state)]);
        var enrichers = await EnrichersAsync(config, journal, time, logs, cancellationToken).ConfigureAwait(false);
        var statusBooks = await TicketStatusComposition.BooksAsync(crms, config, journal, time, logs.CreateLogger("decisions"), cancellationToken).ConfigureAwait(false);
        enrichers.AddRange(statusBooks.Select(b => b.Book));
        var slaWatch = await DecisionsComposition.SlaWatchAsync(config, journal, time, logs.CreateLogger("decisions"), cancellationToken).ConfigureAwait(false);
        if (slaWatch is { } watch)
        {
            enrichers.Add(watch.Watcher);
        }

        var desk = CampaignComposition.DeskFor(config, amiSources, journal, time);
        if (desk is not null)
        {
            enrichers.Add(desk);
        }

        var speech = SpeechComposition.Enricher(config.Asr, config.Privacy.Redactor(), logs.CreateLogger("asr"));
        if (speech is not null)
        {
            enrichers.Add(speech);
        }

        var voiceApplications = Ivr.VoiceApplications.Build(config, crms, enrichers, logs); // adds the enrichers acting on what they journal
        var pipeline = new EventPipeline(config.Pipeline, journal, state, factory, enrichers, sinks, gate, logs.CreateLogger("pipeline"), config.Privacy.Redactor());
        speech?.Attach(pipeline, factory);
        journal.Faulted += fault =>
        {
            logger.LogCritical("journal append failed: {Error} ({Events} event(s) refused); health is now failing", fault.Error, fault.EventsRejected);

            // Sinks (console, dashboard, broker) hear it as an event; it cannot be journaled, the journal being what failed.
            _ = pipeline.DispatchAsync(factory.Create("journal", null, new SourceStatusChanged("journal-fault", fault.Error)));
        };
        pipeline.Start();
        logger.LogInformation("write-back mode {Mode}; allowed: {Allowed}", gate.Mode.ToString().ToLowerInvariant(),
            string.Join("; ", gate.AllowList.Select(p => $"{p.Key}: {string.Join(",", p.Value)}").DefaultIfEmpty("nothing")));
        await gate.ResumeUnfinishedAsync(journal, cancellationToken).ConfigureAwait(false);
        if (slaWatch is { } sla)
        {
            // After the gate resumed: an alarm that fell due while down fires now, once (the journal records it).
            sla.Watcher.Attach(pipeline, factory);
            var fired = await sla.Watcher.ReplanAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            logger.LogInformation("sla-watch: {Fired} overdue alarm(s) fired at start, {Pending} scheduled", fired, await sla.Scheduler.PendingAsync(cancellationToken).ConfigureAwait(false));
        }

        BrokerPublisher? broker = null;
        if (config.Broker.Enabled)
        {
            broker = new BrokerPublisher(config.Broker, journal, time, logs.CreateLogger("broker"));
            broker.Start();
        }

        foreach (var ami in amiSources)
        {
            var leftOpen = await CallsLeftOpen.FindAsync(journal, ami.Name, time.GetUtcNow() - CallsLeftOpen.LookBack, cancellationToken).ConfigureAwait(false);
            if (leftOpen.Calls.Count > 0)
            {
                logger.LogWarning("AMI {Source}: {Count} call(s) left open by the last run; reconciled against the PBX at connect", ami.Name, leftOpen.Calls.Count);
                ami.ReconcileOnFirstConnect(leftOpen);
            }
        }

        var sources = new List<IEventSource>(amiSources);
        sources.AddRange(config.Sources.Hep.Select(o => new HepSource(o, factory, logs.CreateLogger($"hep.{o.Name}"))));
        sources.AddRange(config.Sources.Capture.Select(o => new CaptureSource(o, factory, logs.CreateLogger($"capture.{o.Name}"))));
        sources.AddRange(config.Sources.FastAgi.Select(o => new FastAgiServer(o, voiceApplications, factory, logs.CreateLogger($"fastagi.{o.Name}"))));
        sources.AddRange(TicketStatusComposition.Pollers(statusBooks, config, journal, factory, time, logs));
        sources.AddRange(TicketStatusComposition.Webhooks(statusBooks, config, factory));
        if (config.Broker.Enabled && config.Broker.CommandsDestination is not null)
        {
            sources.Add(new CommandConsumer(config.Broker, gate, Reload(reloadConfig, gate), time, logs.CreateLogger("broker.commands")));
        }

        foreach (var source in sources)
        {
            await source.StartAsync(pipeline, cancellationToken).ConfigureAwait(false);
        }

        var runtime = new MiddlewareRuntime { Journal = journal, Pipeline = pipeline, Gate = gate, Sources = sources, Crms = crms, Broker = broker, Speech = speech, SlaScheduler = slaWatch?.Scheduler, Logger = logger };
        if (desk is not null)
        {
            // Last: the AMI sessions are connecting, so a campaign inside its hours dials at once.
            runtime.Campaigns = await CampaignComposition.StartAsync(desk, pipeline, factory, time, logs.CreateLogger("dialer"), cancellationToken).ConfigureAwait(false);
        }

        return runtime;
    }

    private static async Task<List<IEnricher>> EnrichersAsync(MiddlewareConfig config, IEventJournal journal, TimeProvider time, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var enrichers = new List<IEnricher>(await DecisionsComposition.EnrichersAsync(config, journal, time, logs.CreateLogger("decisions"), cancellationToken).ConfigureAwait(false));
        enrichers.AddRange(UnderstandingComposition.Enrichers(config, logs.CreateLogger("understanding")));
        return enrichers;
    }

    /// <summary>The broker's reload-config command: a fresh allow-list and mode from the file (null: not started from one).</summary>
    private static Func<CancellationToken, Task<string>>? Reload(Func<MiddlewareConfig>? reloadConfig, WriteBackGate gate) => reloadConfig is null ? null : async ct =>
    {
        var fresh = reloadConfig();
        gate.ReplaceAllowList(fresh.WriteBack.Allow);
        await gate.SetModeAsync(fresh.WriteBack.Mode, "config reload", ct).ConfigureAwait(false);
        return $"write-back mode {fresh.WriteBack.Mode.ToString().ToLowerInvariant()}, allow-list of {fresh.WriteBack.Allow.Count} target(s)";
    };

    /// <summary>Ready when the journal accepts writes and every source can deliver (component "protocol:name").</summary>
    public IReadOnlyList<(string Component, bool Healthy, string Detail)> Health() =>
    [
        ("journal", Journal.Health.IsHealthy, Journal.Health.LastFault?.Error ?? $"{Journal.Health.Appended} appended"),
        .. Sources.Select(s => (Source: s, Health: s.Health)).Select(s => ($"{s.Source.Protocol}:{s.Source.Name}", s.Health.Healthy, s.Health.Detail)),
        .. (Broker is { } b ? [("broker", b.Connected, b.Status)] : Array.Empty<(string, bool, string)>()),
        .. Gate.TargetHealth.Select(t => ($"write-back:{t.Target}", t.Healthy, t.Describe())),
        .. (Speech is { } asr ? asr.Engines.Select(engine => (SpeechComponent(asr, engine), true, SpeechDetail(asr, engine))) : []),
    ];

    /// <summary>Speech failing is not unready (the calls go on without words), but the line says so, with the engine's own failures (a recognizer server down) and the latest.</summary>
    /// <summary>asr:http, or asr:http:zh when routes use the same engine in two languages.</summary>
    private static string SpeechComponent(Enrichment.Asr.TranscriptionEnricher asr, Enrichment.Asr.ISpeechEngine engine) =>
        asr.Engines.Count(e => e.Name == engine.Name) > 1 ? $"asr:{engine.Name}:{engine.Language ?? "auto"}" : $"asr:{engine.Name}";

    private static string SpeechDetail(Enrichment.Asr.TranscriptionEnricher asr, Enrichment.Asr.ISpeechEngine engine)
    {
        var own = engine as Enrichment.Asr.ISpeechEngineFailures;
        var failures = asr.Metrics.Failures + (own?.Failures ?? 0);
        return $"backlog {asr.Metrics.Backlog} chunk(s), {asr.Metrics.ChunksShed} shed, RTF {asr.Metrics.RealTimeFactor:F2}, {failures} failure(s)"
            + (own?.LastFailure is { } last ? $", last: {last}" : "");
    }

    /// <summary>Stops the sources (each hands over what it accepted), drains the pipeline and the write-backs, then the rest.</summary>
    public async Task StopAsync()
    {
        if (Campaigns is not null)
        {
            await Campaigns.DisposeAsync().ConfigureAwait(false); // no new calls; those in progress are the journal's
        }

        foreach (var source in Sources)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }

        if (SlaScheduler is not null)
        {
            await SlaScheduler.DisposeAsync().ConfigureAwait(false); // no alarm fires into a draining pipeline; the journal re-plans them next start
        }

        if (Speech is not null)
        {
            await Speech.DisposeAsync().ConfigureAwait(false); // the legs' last words go into the pipeline before it drains
        }

        await Pipeline.StopAsync().ConfigureAwait(false);
        if (Broker is not null)
        {
            await Broker.DisposeAsync().ConfigureAwait(false);
        }

        await Journal.DisposeAsync().ConfigureAwait(false);
        foreach (var crm in Crms)
        {
            await crm.DisposeAsync().ConfigureAwait(false);
        }

        Logger.LogInformation("stopped; {Processed} event(s) processed", Pipeline.Metrics.Processed);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
