using Microsoft.Extensions.Logging;
using Middleware.Adapters.Ami.Client;
using Middleware.Adapters.Ami.WriteBack;
using Middleware.Adapters.Crm;
using Middleware.Adapters.Crm.WriteBack;
using Middleware.Adapters.Stomp.Commands;
using Middleware.Adapters.Stomp.Publishing;
using Middleware.Core.CallState;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Core.Pipeline;
using Middleware.Core.WriteBack;
using Middleware.Enrichment.Routing;
using Middleware.Enrichment.Ticketing;
using Middleware.Host.Configuration;

namespace Middleware.Host.Hosting;

/// <summary>
/// The composed middleware: journal, call state, pipeline with enrichers and sinks, the write-back
/// gate and its targets, and the sources. Started in that order; stopped in reverse, draining
/// each stage so nothing accepted is left unprocessed.
/// </summary>
public sealed class MiddlewareRuntime : IAsyncDisposable
{
    private readonly ILogger _logger;

    private MiddlewareRuntime(IEventJournal journal, EventPipeline pipeline, WriteBackGate gate, IReadOnlyList<AmiSource> amiSources, ILogger logger)
    {
        Journal = journal;
        Pipeline = pipeline;
        Gate = gate;
        AmiSources = amiSources;
        _logger = logger;
    }

    /// <summary>Publishes every journaled event to the broker (null without one).</summary>
    public BrokerPublisher? Broker { get; private set; }

    /// <summary>Takes commands from the broker (null without one).</summary>
    public CommandConsumer? Commands { get; private set; }

    public IEventJournal Journal { get; }

    public EventPipeline Pipeline { get; }

    public CallStateStore State => Pipeline.State;

    public WriteBackGate Gate { get; }

    public IReadOnlyList<AmiSource> AmiSources { get; }

    /// <summary>HEP capture listeners (the SIP mirror).</summary>
    public IReadOnlyList<Adapters.SipMirror.Hep.HepSource> HepSources { get; private init; } = [];

    public IReadOnlyList<Adapters.SipMirror.Capture.CaptureSource> CaptureSources { get; private init; } = [];

    /// <summary>FastAGI servers the dialplan hands calls to (IVR self-service, the outbound survey).</summary>
    public IReadOnlyList<Adapters.FastAgi.Server.FastAgiServer> FastAgiServers { get; private init; } = [];

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
        var amiSources = new List<AmiSource>();
        var publisher = new DeferredPublisher();
        foreach (var options in config.Sources.Ami)
        {
            amiSources.Add(new AmiSource(options, publisher, factory, logs.CreateLogger($"ami.{options.Name}")));
        }

        var hepSources = config.Sources.Hep.Select(o => new Adapters.SipMirror.Hep.HepSource(o, publisher, factory, logs.CreateLogger($"hep.{o.Name}"))).ToList();
        var captureSources = config.Sources.Capture.Select(o => new Adapters.SipMirror.Capture.CaptureSource(o, publisher, factory, logs.CreateLogger($"capture.{o.Name}"))).ToList();
        var crms = config.Crm.Select(c => new CrmClient(c, time, logs.CreateLogger($"crm.{c.Name}"))).ToList();
        var targets = amiSources.Select(s => (IWriteBackTarget)new AmiWriteBackTarget(s))
            .Concat(crms.Select(c => new CrmWriteBackTarget(c)))
            .ToList();
        var gate = new WriteBackGate(config.WriteBack, targets, factory, logs.CreateLogger("write-back"));
        var enrichers = new List<IEnricher>();
        if (config.Routing.Enabled)
        {
            enrichers.Add(new QueueRoutingAdvisor(config.Routing));
        }

        if (config.Ticketing.Enabled)
        {
            enrichers.Add(new CallbackTicketDrafter(config.Ticketing));
            if (config.Ticketing.CrmTarget is { } crmTarget)
            {
                enrichers.Add(new TicketWriter(crmTarget));
            }
        }

        enrichers.AddRange(UnderstandingComposition.Enrichers(config, logs.CreateLogger("understanding")));
        var voiceApplications = Ivr.VoiceApplications.Build(config, crms, enrichers, logs);
        var fastAgiServers = config.Sources.FastAgi.Select(o => new Adapters.FastAgi.Server.FastAgiServer(o, voiceApplications, publisher, factory, logs.CreateLogger($"fastagi.{o.Name}"))).ToList();
        var pipeline = new EventPipeline(config.Pipeline, journal, state, factory, enrichers, sinks, gate, logs.CreateLogger("pipeline"));
        gate.Attach(pipeline);
        publisher.Target = pipeline;
        journal.Faulted += fault =>
        {
            logger.LogCritical("journal append failed: {Error} ({Events} event(s) refused); health is now failing", fault.Error, fault.EventsRejected);

            // Sinks (console, dashboard, broker) hear it as an event; it cannot be journaled, the journal being what failed.
            _ = pipeline.DispatchAsync(factory.Create("journal", null, new SourceStatusChanged("journal-fault", fault.Error)));
        };
        pipeline.Start();
        logger.LogInformation("write-back mode {Mode}; allowed: {Allowed}", gate.Mode.ToString().ToLowerInvariant(),
            string.Join("; ", gate.AllowList.Select(p => $"{p.Key}: {string.Join(",", p.Value)}").DefaultIfEmpty("nothing")));
        foreach (var source in amiSources)
        {
            source.Start();
        }

        foreach (var source in hepSources)
        {
            source.Start();
        }

        foreach (var source in captureSources)
        {
            try
            {
                source.Start();
            }
            catch (InvalidOperationException ex)
            {
                // A missing interface or permission is reported on /health/ready; the other sources keep serving.
                logger.LogError("{Error}", ex.Message);
                source.StartError = ex.Message;
            }
        }

        foreach (var server in fastAgiServers)
        {
            await server.StartAsync(cancellationToken).ConfigureAwait(false); // a port in use shows on health; the rest serves
        }

        var runtime = new MiddlewareRuntime(journal, pipeline, gate, amiSources, logger) { Crms = crms, HepSources = hepSources, CaptureSources = captureSources, FastAgiServers = fastAgiServers };
        await ResumeUnfinishedWriteBacksAsync(journal, gate, time, logger, cancellationToken).ConfigureAwait(false);
        if (config.Broker.Enabled)
        {
            runtime.Broker = new BrokerPublisher(config.Broker, journal, time, logs.CreateLogger("broker"));
            runtime.Broker.Start();
            if (config.Broker.CommandsDestination is not null)
            {
                Func<CancellationToken, Task<string>>? reload = reloadConfig is null ? null : async ct =>
                {
                    var fresh = reloadConfig();
                    gate.ReplaceAllowList(fresh.WriteBack.Allow);
                    await gate.SetModeAsync(fresh.WriteBack.Mode, "config reload", ct).ConfigureAwait(false);
                    return $"write-back mode {fresh.WriteBack.Mode.ToString().ToLowerInvariant()}, allow-list of {fresh.WriteBack.Allow.Count} target(s)";
                };
                runtime.Commands = new CommandConsumer(config.Broker, gate, reload, time, logs.CreateLogger("broker.commands"));
                runtime.Commands.Start();
            }
        }

        return runtime;
    }

    public IReadOnlyList<CrmClient> Crms { get; private init; } = [];

    /// <summary>Write-backs journaled in the last week that never got an outcome (the process stopped first) run again.</summary>
    private static async Task ResumeUnfinishedWriteBacksAsync(IEventJournal journal, WriteBackGate gate, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var requested = new Dictionary<string, EventEnvelope>(StringComparer.Ordinal);
        var kinds = new[] { EventKinds.WriteBackRequested, EventKinds.WriteBackCompleted, EventKinds.WriteBackFailed, EventKinds.WriteBackSkipped };
        await foreach (var entry in journal.ReadKindsAsync(kinds, time.GetUtcNow().AddDays(-7), cancellationToken).ConfigureAwait(false))
        {
            switch (entry.Envelope.Payload)
            {
                case WriteBackRequested r:
                    requested[r.RequestId] = entry.Envelope;
                    break;
                case WriteBackCompleted c:
                    requested.Remove(c.RequestId);
                    break;
                case WriteBackFailed f:
                    requested.Remove(f.RequestId);
                    break;
                case WriteBackSkipped k:
                    requested.Remove(k.RequestId);
                    break;
            }
        }

        if (requested.Count > 0)
        {
            logger.LogWarning("resuming {Count} write-back(s) left unfinished by the last stop", requested.Count);
            await gate.ResumeAsync(requested.Values, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ready when the journal accepts writes and every source is connected.</summary>
    public IReadOnlyList<(string Component, bool Healthy, string Detail)> Health() =>
    [
        ("journal", Journal.Health.IsHealthy, Journal.Health.LastFault?.Error ?? $"{Journal.Health.Appended} appended"),
        .. AmiSources.Select(s => ($"ami:{s.Name}", s.Status.State == AmiConnectionState.Connected, s.Status.LastError ?? s.Status.Banner ?? "")),
        .. HepSources.Select(s => ($"hep:{s.Name}", s.Listening, $"udp {s.UdpPort?.ToString() ?? "off"}, tcp {s.TcpPort?.ToString() ?? "off"}; {s.Received} packet(s), {s.Processor.RejectedTotal} rejected{(s.Processor.LastRejection is { } r ? "; last: " + r : "")}")),
        .. CaptureSources.Select(s => ($"capture:{s.Name}", s.Capturing, s.StartError ?? $"{s.Captured} frame(s), {s.Processor.RejectedTotal} rejected{(s.Processor.LastRejection is { } r ? "; last: " + r : "")}")),
        .. FastAgiServers.Select(s => ($"fastagi:{s.Name}", s.Health.Healthy, s.Health.LastError ?? s.Health.Detail)),
        .. (Broker is { } b ? [("broker", b.Connected, b.Status)] : Array.Empty<(string, bool, string)>()),
    ];

    public async Task StopAsync()
    {
        foreach (var source in AmiSources)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var source in HepSources)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var source in CaptureSources)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var server in FastAgiServers)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        await Pipeline.StopAsync().ConfigureAwait(false);
        if (Commands is not null)
        {
            await Commands.DisposeAsync().ConfigureAwait(false);
        }

        if (Broker is not null)
        {
            await Broker.DisposeAsync().ConfigureAwait(false);
        }

        await Journal.DisposeAsync().ConfigureAwait(false);
        foreach (var crm in Crms)
        {
            await crm.DisposeAsync().ConfigureAwait(false);
        }

        _logger.LogInformation("stopped; {Processed} event(s) processed", Pipeline.Metrics.Processed);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>Lets sources be built before the pipeline they publish into (the pipeline needs the gate, the gate the sources).</summary>
    private sealed class DeferredPublisher : IEventPublisher
    {
        public IEventPublisher? Target { get; set; }

        public ValueTask PublishBatchAsync(IReadOnlyList<EventEnvelope> batch, CancellationToken cancellationToken = default) =>
            (Target ?? throw new InvalidOperationException("pipeline not started")).PublishBatchAsync(batch, cancellationToken);

        public ValueTask PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken = default) =>
            (Target ?? throw new InvalidOperationException("pipeline not started")).PublishAsync(envelope, cancellationToken);
    }
}
