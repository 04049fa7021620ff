using Middleware.Host.Http.Streaming;
using Prometheus;

namespace Middleware.Host.Http.Metrics;

/// <summary>
/// Prometheus metrics read from the live counters at each scrape (nothing on the hot path).
/// Each runtime has its own registry, so two middlewares in one process never mix figures.
/// </summary>
public sealed class MiddlewareMetrics
{
    public MiddlewareMetrics(MiddlewareRuntime runtime, LiveBroadcaster? broadcaster = null)
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var f = Prometheus.Metrics.WithCustomRegistry(Registry);
        var received = f.CreateCounter("mw_events_in_total", "Events that entered the pipeline, per source and kind", "source", "kind");
        var processed = f.CreateCounter("mw_events_processed_total", "Events that passed every enricher and sink");
        var duplicates = f.CreateCounter("mw_events_duplicate_total", "Events delivered again and dropped by id");
        var shed = f.CreateCounter("mw_events_shed_total", "Events dropped by overload policy, per kind (audio)", "kind");
        var depth = f.CreateGauge("mw_pipeline_queue_depth", "Events queued on the pipeline's lanes");
        var latency = f.CreateGauge("mw_pipeline_latency_seconds", "Time from lane to processed, by quantile", "quantile");
        var enricherFailures = f.CreateCounter("mw_enricher_failures_total", "Plugin calls that threw or timed out", "enricher");
        var journalAppended = f.CreateCounter("mw_journal_appended_total", "Events made durable");
        var journalFailed = f.CreateCounter("mw_journal_failed_total", "Events the journal refused");
        var journalHealthy = f.CreateGauge("mw_journal_healthy", "1 when the last journal commit succeeded");
        var journalLag = f.CreateGauge("mw_journal_lag_events", "Events journaled but not yet processed");
        var writeBacks = f.CreateCounter("mw_write_back_total", "Write-back requests by outcome", "target", "action", "outcome");
        var targetHealthy = f.CreateGauge("mw_write_back_target_healthy", "1 unless the target's last attempt failed", "target");
        var targetPending = f.CreateGauge("mw_write_back_pending", "Write-back requests accepted without an outcome yet (retrying included)", "target");
        var targetFailedAttempts = f.CreateCounter("mw_write_back_failed_attempts_total", "Write-back attempts that failed, retried or not", "target");
        var targetNextRetry = f.CreateGauge("mw_write_back_next_retry_timestamp_seconds", "When the target's next retry is due (0 when none)", "target");
        var connected = f.CreateGauge("mw_adapter_connected", "1 when the source can deliver (session up, listening, subscribed)", "source");
        var sourceReceived = f.CreateCounter("mw_adapter_received_total", "Messages, packets or frames a source took in", "source");
        var reconnects = f.CreateCounter("mw_adapter_reconnects_total", "Sessions re-established after a loss", "source");
        var framing = f.CreateCounter("mw_adapter_framing_errors_total", "Input refused: could not be framed or parsed, or failed authentication", "source");
        var dashboards = f.CreateGauge("mw_dashboard_clients", "Browsers connected to the live stream");
        // Speech, when an engine is configured: shedding audio is by design (signalling never waits), so it is counted here.
        var asrChunks = f.CreateCounter("mw_asr_chunks_total", "Audio chunks handed to speech recognition", "engine");
        var asrShed = f.CreateCounter("mw_asr_chunks_shed_total", "Audio chunks dropped because a leg's backlog was full", "engine");
        var asrBacklog = f.CreateGauge("mw_asr_backlog_chunks", "Audio chunks waiting for the engine, all legs", "engine");
        var asrLegs = f.CreateGauge("mw_asr_active_legs", "Call legs being transcribed", "engine");
        var asrRtf = f.CreateGauge("mw_asr_real_time_factor", "Decode time over decoded audio time since start (below 1 the engine keeps up)", "engine");
        var asrSegments = f.CreateCounter("mw_asr_segments_total", "Transcript segments produced", "engine", "final");
        var asrFailures = f.CreateCounter("mw_asr_failures_total", "Utterances the engine failed on (a hung or crashed decode, a recognizer server down)", "engine");

        Registry.AddBeforeCollectCallback(() =>
        {
            var m = runtime.Pipeline.Metrics;
            foreach (var ((source, kind), count) in m.Received)
            {
                received.WithLabels(source, kind).IncTo(count);
            }

            processed.IncTo(m.Processed);
            duplicates.IncTo(m.Duplicates);
            foreach (var (kind, count) in m.Shed)
            {
                shed.WithLabels(kind).IncTo(count);
            }

            shed.WithLabels(EventKinds.AudioChunk).IncTo(m.Shed.GetValueOrDefault(EventKinds.AudioChunk));
            depth.Set(runtime.Pipeline.QueueDepth);
            latency.WithLabels("0.5").Set(m.ProcessingLatency.PercentileMicroseconds(0.5) / 1e6);
            latency.WithLabels("0.99").Set(m.ProcessingLatency.PercentileMicroseconds(0.99) / 1e6);
            foreach (var (enricher, count) in m.EnricherFailures)
            {
                enricherFailures.WithLabels(enricher).IncTo(count);
            }

            var journal = runtime.Journal.Health;
            journalAppended.IncTo(journal.Appended);
            journalFailed.IncTo(journal.Failed);
            journalHealthy.Set(journal.IsHealthy ? 1 : 0);
            journalLag.Set(Math.Max(0, journal.Appended - m.Processed));
            foreach (var ((target, action, outcome), count) in runtime.Gate.Outcomes)
            {
                writeBacks.WithLabels(target, action, outcome).IncTo(count);
            }

            foreach (var target in runtime.Gate.TargetHealth)
            {
                var t = target.Snapshot();
                targetHealthy.WithLabels(t.Target).Set(t.Healthy ? 1 : 0);
                targetPending.WithLabels(t.Target).Set(t.Pending);
                targetFailedAttempts.WithLabels(t.Target).IncTo(t.FailedAttempts);
                targetNextRetry.WithLabels(t.Target).Set(t.NextRetryAt?.ToUnixTimeMilliseconds() / 1000.0 ?? 0);
            }

            foreach (var source in runtime.Sources)
            {
                var health = source.Health;
                connected.WithLabels(source.Name).Set(health.Healthy ? 1 : 0);
                sourceReceived.WithLabels(source.Name).IncTo(health.Received);
                reconnects.WithLabels(source.Name).IncTo(health.Reconnects);
                framing.WithLabels(source.Name).IncTo(health.Rejected);
            }

            dashboards.Set(broadcaster?.Clients ?? 0);
            if (runtime.Speech is { } speech)
            {
                // One set of speech figures for all legs; with asr.routes the label names every engine in use ("pocketsphinx+http").
                var engine = string.Join('+', speech.Engines.Select(e => e.Name).Distinct());
                var asr = speech.Metrics;
                asrChunks.WithLabels(engine).IncTo(asr.ChunksReceived);
                asrShed.WithLabels(engine).IncTo(asr.ChunksShed);
                asrBacklog.WithLabels(engine).Set(asr.Backlog);
                asrLegs.WithLabels(engine).Set(asr.ActiveLegs);
                asrRtf.WithLabels(engine).Set(asr.RealTimeFactor);
                asrSegments.WithLabels(engine, "true").IncTo(asr.FinalSegments);
                asrSegments.WithLabels(engine, "false").IncTo(asr.PartialSegments);
                asrFailures.WithLabels(engine).IncTo(asr.Failures + speech.Engines.OfType<Enrichment.Asr.ISpeechEngineFailures>().Sum(e => e.Failures));
            }
        });
    }

    public CollectorRegistry Registry { get; }
}
