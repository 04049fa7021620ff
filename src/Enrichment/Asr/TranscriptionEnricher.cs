using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Middleware.Enrichment.Asr;

/// <summary>
/// Mirrored call audio to transcripts. On the call's lane it only hands each <see cref="AudioChunk"/>
/// to its leg's worker (a bounded queue: when the engine falls behind, chunks are shed and counted,
/// the lane never waits), so signalling is never held up by speech. Each leg's worker runs a
/// <see cref="LegTranscriber"/> and publishes what it hears into the pipeline: final segments
/// journaled (so they reach the call, the broker and every enricher), partial ones dispatched
/// without journaling, for live views. All text passes the redaction seam first. A failing or
/// hanging engine is reported as <see cref="EnricherFailed"/> for that utterance; the leg goes on.
/// </summary>
public sealed class TranscriptionEnricher : IEnricher, IAsyncDisposable
{
    private readonly SpeechEngineRoutes _engines;
    private readonly SpeechWorkers _workers;
    private readonly ITextRedactor _redactor;
    private readonly AsrOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string Call, Speaker Leg), Leg> _legs = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _callStarts = new();
    private readonly ConcurrentDictionary<string, CallVoices> _voices = new();
    private readonly CancellationTokenSource _stopping = new();
    private EventPipeline? _pipeline;
    private EventFactory? _factory;

    public TranscriptionEnricher(ISpeechEngine engine, AsrOptions options, ITextRedactor? redactor = null, ILogger? logger = null)
        : this(new SpeechEngineRoutes(engine), options, redactor, logger)
    {
    }

    public TranscriptionEnricher(SpeechEngineRoutes engines, AsrOptions options, ITextRedactor? redactor = null, ILogger? logger = null)
    {
        _engines = engines;
        _workers = new SpeechWorkers(engines.Engines.Sum(e => e.MaxConcurrency), options.DecodeNice);
        _options = options;
        _redactor = redactor ?? NoRedaction.Instance;
        _logger = logger ?? NullLogger.Instance;
    }

    public string Name => "asr";

    public IReadOnlyCollection<string> Kinds { get; } = [EventKinds.AudioChunk, EventKinds.CallEnded];

    public AsrMetrics Metrics { get; } = new();

    /// <summary>The engine of the legs no route takes, or else the first route's.</summary>
    public ISpeechEngine Engine => _engines.Fallback ?? _engines.Engines[0];

    /// <summary>The threads the engines decode on, below the pipeline's.</summary>
    public SpeechWorkers Workers => _workers;

    /// <summary>Every engine legs are routed to (asr.engine and asr.routes), each once.</summary>
    public IReadOnlyList<ISpeechEngine> Engines => _engines.Engines;

    /// <summary>Where the workers publish; the pipeline is built over its enrichers, so it is handed over once built.</summary>
    public void Attach(EventPipeline pipeline, EventFactory factory)
    {
        _pipeline = pipeline;
        _factory = factory;
    }

    public ValueTask EnrichAsync(EventEnvelope envelope, EnrichmentContext context, CancellationToken cancellationToken)
    {
        if (envelope.CallId is not { } callId)
        {
            return ValueTask.CompletedTask;
        }

        switch (envelope.Payload)
        {
            case AudioChunk chunk:
                Metrics.Received();
                var start = _callStarts.GetOrAdd(callId, _ => context.Call?.StartedAt is { } s && s <= chunk.StartedAt ? s : chunk.StartedAt);
                var leg = _legs.GetOrAdd((callId, chunk.Leg), key => StartLeg(key.Call, key.Leg, start, chunk, Route(envelope, context)));
                if (leg.Engine is null)
                {
                    break; // routed to engine none
                }

                if (leg.Chunks.Writer.TryWrite((envelope, chunk)))
                {
                    Metrics.Queued(1);
                }
                else
                {
                    Metrics.Shed();
                }

                break;
            case CallEnded:
                foreach (var key in _legs.Keys.Where(k => k.Call == callId))
                {
                    if (_legs.TryGetValue(key, out var ended))
                    {
                        ended.Chunks.Writer.TryComplete();
                    }
                }

                _callStarts.TryRemove(callId, out _);
                _voices.TryRemove(callId, out _);
                break;
        }

        return ValueTask.CompletedTask;
    }

    private ISpeechEngine? Route(EventEnvelope envelope, EnrichmentContext context)
    {
        var call = context.Call;
        var joined = call?.JoinedCallId is { } id ? context.State.FindCall(id) : null;
        return _engines.For(envelope.Source, call, joined);
    }

    private Leg StartLeg(string callId, Speaker speaker, DateTimeOffset callStart, AudioChunk first, ISpeechEngine? engine)
    {
        if (engine is null)
        {
            return new Leg(null, Channel.CreateBounded<(EventEnvelope, AudioChunk)>(1)); // kept until the call ends, so the route is asked once
        }

        // The backlog is seconds of audio, the queue counts chunks: as many as the leg's chunk length
        // (rtp.chunk_length, 1 s by default, 20 ms when a source forwards each RTP packet) fits in it.
        var capacity = ChunksFor(_options.BacklogSeconds, first);
        var channel = Channel.CreateBounded<(EventEnvelope, AudioChunk)>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        var leg = new Leg(engine, channel);
        Metrics.Leg(1);
        leg.Worker = Task.Run(() => RunLegAsync(callId, speaker, callStart, leg));
        return leg;
    }

    internal static int ChunksFor(double backlogSeconds, AudioChunk chunk)
    {
        var chunkSeconds = chunk.SampleRate > 0 ? chunk.Pcm.Length / 2.0 / chunk.SampleRate : 0;
        return chunkSeconds > 0 ? (int)Math.Clamp(Math.Ceiling(backlogSeconds / chunkSeconds), 1, 1_000_000) : Math.Max(1, (int)Math.Ceiling(backlogSeconds));
    }

    private async Task RunLegAsync(string callId, Speaker speaker, DateTimeOffset callStart, Leg leg)
    {
        LegTranscriber? transcriber = null;
        EventEnvelope? last = null;
        var segments = new List<TranscriptSegment>();
        var voice = new List<VoiceFeatures>();
        try
        {
            while (await WaitForAudioAsync(leg.Chunks.Reader).ConfigureAwait(false))
            {
                while (leg.Chunks.Reader.TryRead(out var item))
                {
                    Metrics.Queued(-1);
                    var (envelope, chunk) = item;
                    last = envelope;
                    transcriber ??= NewTranscriber(leg.Engine!, callId, speaker, chunk.SampleRate, voice);
                    var pcm = MemoryMarshal.Cast<byte, short>(chunk.Pcm).ToArray(); // little-endian PCM, as the mirror decodes it
                    await StepAsync(transcriber, t => t.AcceptAsync(pcm, (chunk.StartedAt - callStart).TotalSeconds, segments, _stopping.Token), leg.Engine!, callId, envelope, segments, voice).ConfigureAwait(false);
                }
            }

            if (transcriber is not null && last is not null)
            {
                await StepAsync(transcriber, t => t.FinishAsync(segments, _stopping.Token), leg.Engine!, callId, last, segments, voice).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        finally
        {
            transcriber?.Dispose();
            _legs.TryRemove((callId, speaker), out _);
            Metrics.Leg(-1);
        }
    }

    /// <summary>A leg's transcriber whose final segments are followed by their voice features, against the speaker's baseline in the call.</summary>
    private LegTranscriber NewTranscriber(ISpeechEngine engine, string callId, Speaker speaker, int sampleRate, List<VoiceFeatures> voice)
    {
        var transcriber = new LegTranscriber(engine, speaker, sampleRate, _options.Transcriber, _workers);
        var voices = _voices.GetOrAdd(callId, _ => new CallVoices());
        transcriber.Finished = (segment, audio) => voice.Add(voices.Score(segment, VoiceFeatureExtractor.Measure(audio, sampleRate)));
        return transcriber;
    }

    /// <summary>Waits for audio; a leg quiet for <see cref="AsrOptions.LegIdleSeconds"/> is over (its call's end may never be seen, e.g. a mirror that lost the BYE).</summary>
    private async ValueTask<bool> WaitForAudioAsync(ChannelReader<(EventEnvelope, AudioChunk)> reader)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        idle.CancelAfter(TimeSpan.FromSeconds(_options.LegIdleSeconds));
        try
        {
            return await reader.WaitToReadAsync(idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task StepAsync(LegTranscriber transcriber, Func<LegTranscriber, ValueTask> step, ISpeechEngine engine, string callId, EventEnvelope trigger, List<TranscriptSegment> segments, List<VoiceFeatures> voice)
    {
        var audio = transcriber.AudioSeconds;
        var decode = transcriber.DecodeTime;
        try
        {
            await step(transcriber).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            // The engine failed or timed out on this utterance: reported, the leg and the call go on.
            Metrics.Failed();
            _logger.LogWarning(ex, "speech engine {Engine} failed on call {CallId}", engine.Name, callId);
            await PublishAsync(trigger, new EnricherFailed(Name, EventKinds.AudioChunk, $"{engine.Name}: {ex.GetType().Name}: {ex.Message}"), journal: true).ConfigureAwait(false);
        }

        Metrics.Decoded(transcriber.AudioSeconds - audio, transcriber.DecodeTime - decode);
        foreach (var segment in segments)
        {
            var redacted = _redactor.Redact(segment.Text, segment.Language);
            Metrics.Segment(segment.IsFinal);
            await PublishAsync(trigger, redacted.Changed ? segment with { Text = redacted.Text } : segment, journal: segment.IsFinal).ConfigureAwait(false);
        }

        // The voice features follow their segments, so a reader of the segment can wait for them.
        foreach (var features in voice)
        {
            await PublishAsync(trigger, features, journal: true).ConfigureAwait(false);
        }

        segments.Clear();
        voice.Clear();
    }

    private async ValueTask PublishAsync(EventEnvelope trigger, DerivedEvent payload, bool journal)
    {
        if (_pipeline is null || _factory is null)
        {
            return;
        }

        var envelope = _factory.Derive(trigger, Name, payload);
        try
        {
            if (journal)
            {
                await _pipeline.PublishAsync(envelope).ConfigureAwait(false);
            }
            else
            {
                await _pipeline.DispatchAsync(envelope).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "transcript of {CallId} not published", trigger.CallId);
        }
    }

    /// <summary>Ends every leg: their last words are published, then the workers stop. Call before the pipeline stops.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var leg in _legs.Values)
        {
            leg.Chunks.Writer.TryComplete();
        }

        var workers = _legs.Values.Select(l => l.Worker).Where(t => t is not null).Cast<Task>().ToArray();
        try
        {
            await Task.WhenAll(workers).WaitAsync(_options.Transcriber.DecodeTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        _workers.Dispose();
        _engines.Dispose();
    }

    /// <summary>Both parties of one call: each one's baseline, and the final segments so far for talk-over.</summary>
    private sealed class CallVoices
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<Speaker, SpeakerBaseline> _baselines = [];
        private readonly List<TranscriptSegment> _heard = [];

        public VoiceFeatures Score(TranscriptSegment segment, VoiceMeasures measures)
        {
            lock (_lock)
            {
                // Talk-over: how long the other party's speech overlapped this segment (what is known of it yet).
                var overlap = _heard.Where(h => h.Speaker != segment.Speaker)
                    .Sum(h => Math.Max(0, Math.Min(h.EndSeconds, segment.EndSeconds) - Math.Max(h.StartSeconds, segment.StartSeconds)));
                _heard.Add(segment);
                if (_heard.Count > 64)
                {
                    _heard.RemoveAt(0);
                }

                if (!_baselines.TryGetValue(segment.Speaker, out var baseline))
                {
                    _baselines[segment.Speaker] = baseline = new SpeakerBaseline();
                }

                return baseline.Score(segment.Speaker, segment.StartSeconds, segment.EndSeconds, measures, overlap);
            }
        }
    }

    private sealed class Leg(ISpeechEngine? engine, Channel<(EventEnvelope, AudioChunk)> chunks)
    {
        /// <summary>Null: the leg's route says it is not transcribed.</summary>
        public ISpeechEngine? Engine { get; } = engine;

        public Channel<(EventEnvelope, AudioChunk)> Chunks { get; } = chunks;

        public Task? Worker { get; set; }
    }
}
