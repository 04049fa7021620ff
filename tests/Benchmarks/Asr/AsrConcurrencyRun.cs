using System.Collections.Concurrent;
using System.Diagnostics;
using Middleware.Benchmarks.Core;
using Middleware.Core.CallState;
using Middleware.Core.Events;
using Middleware.Core.Media;
using Middleware.Core.Pipeline;
using Middleware.Enrichment.Asr;

namespace Middleware.Benchmarks.Asr;

/// <summary>
/// N call legs speaking at once, in real time, through the real pipeline and transcription enricher
/// with the shipped PocketSphinx engine (not BenchmarkDotNet: latency percentiles need paced audio).
/// Every 20 ms each leg's next G.711 packet is decoded and gathered into AudioChunks of the mirror's
/// chunk length (rtp.chunk_length), as the SIP mirror does; alongside, each call's signalling
/// (hold/resume, 10 a second a call) goes through the same pipeline. Per N it reports: real-time
/// factor per stream (the enricher's decode time over decoded audio: wall time, so it includes
/// waiting for a core on a loaded machine), the process's CPU seconds per second of each stream
/// (what a stream costs whatever else runs), audio chunks shed, end of
/// speech → last final segment of that utterance at a sink (p50/p95), and the signalling events'
/// publish → sink latency (p50/p99), against the N = 0 row (signalling alone).
/// </summary>
public static class AsrConcurrencyRun
{
    public static async Task<int> RunAsync(int[] legCounts, double seconds, TimeSpan chunkLength, int? decoders)
    {
        Console.WriteLine($"asr-concurrency: legs {string.Join(',', legCounts)}, {seconds:0} s of held-out speech per leg, paced 20 ms, chunk {chunkLength.TotalMilliseconds:0} ms, " +
            $"decoders {(decoders is { } d ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : "= legs")}, {Environment.ProcessorCount} cores");
        Console.WriteLine("legs | RTF/stream | CPU s per stream s | cores used | chunks shed/received | EOU->final p50 / p95 (utterances) | signalling p50 / p99 (events) | load avg");
        foreach (var n in legCounts)
        {
            await RunOnceAsync(n, seconds, chunkLength, decoders ?? Math.Max(1, n));
        }

        return 0;
    }

    private static async Task RunOnceAsync(int legCount, double seconds, TimeSpan chunkLength, int decoders)
    {
        var factory = new EventFactory(TimeProvider.System);
        var engine = SpeechLeg.Engine(adapted: true, decoders);

        // Every decoder made before the clock starts: a decoder's first rental loads the models (seconds of CPU), not what a stream costs.
        var warm = await Task.WhenAll(Enumerable.Range(0, decoders).Select(_ => engine.RentAsync(CancellationToken.None).AsTask()));
        foreach (var decoder in warm)
        {
            decoder.Dispose();
        }

        var asr = new TranscriptionEnricher(engine, new AsrOptions());
        var sink = new Sink(factory.Time);
        var pipeline = new EventPipeline(new PipelineOptions(), new NullJournal(), new CallStateStore(), factory, [asr], [sink]);
        asr.Attach(pipeline, factory);
        pipeline.Start();

        // Legs in pairs (caller, agent) of one call; staggered starts so they do not speak in lockstep.
        var utterancesPerLeg = (int)Math.Ceiling(seconds / 3.5);
        var legs = Enumerable.Range(0, legCount).Select(j => new Feed(j, SpeechLeg.Build(first: j * 7, count: utterancesPerLeg, leadSeconds: 0.3 + (j * 0.137)), chunkLength)).ToArray();
        var calls = legs.Select(l => l.CallId).Distinct().ToArray();
        var packets = legCount == 0 ? (int)(seconds * 50) : legs.Max(l => l.Leg.Packets);
        var startedAt = factory.Time.GetUtcNow();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        sink.Start = Stopwatch.GetTimestamp();
        var signallingCalls = calls.Length > 0 ? calls : ["call-signalling"];
        var sent = 0;
        while (sent < packets)
        {
            var due = Math.Min(packets, (int)(watch.Elapsed.TotalMilliseconds / 20));
            var batch = new List<EventEnvelope>();
            for (; sent < due; sent++)
            {
                foreach (var leg in legs)
                {
                    if (leg.Next(sent, startedAt) is { } chunk)
                    {
                        batch.Add(factory.Create("sbc", leg.CallId, chunk, occurredAt: chunk.StartedAt));
                    }
                }

                if (sent % 5 == 0) // every 100 ms, each call's signalling
                {
                    foreach (var call in signallingCalls)
                    {
                        batch.Add(factory.Create("pbx", call, sent % 10 == 0 ? new CallHeld("1001") : new CallResumed("1001")));
                    }
                }
            }

            if (batch.Count > 0)
            {
                await pipeline.PublishBatchAsync(batch);
            }

            await Task.Delay(1);
        }

        var fed = watch.Elapsed;
        foreach (var call in calls)
        {
            await pipeline.PublishAsync(factory.Create("pbx", call, new CallEnded("normal-clearing", 16, (int)seconds, (int)seconds, HangupParty.Caller)));
        }

        var deadline = Stopwatch.StartNew();
        while ((asr.Metrics.ActiveLegs > 0 || pipeline.QueueDepth > 0) && deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(20);
        }

        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var cores = cpuSeconds / watch.Elapsed.TotalSeconds;

        // What a stream costs: all CPU (feeding, pipeline, decoding the backlog after feeding) over the audio fed.
        var perStream = legCount > 0 ? cpuSeconds / (legCount * fed.TotalSeconds) : 0;
        await asr.DisposeAsync();
        await pipeline.StopAsync();

        var eou = new List<double>();
        var utterances = 0;
        foreach (var leg in legs)
        {
            var finals = sink.Finals.Where(f => f.CallId == leg.CallId && f.Speaker == leg.Speaker).ToList();
            var spoken = leg.Leg.Utterances;
            for (var k = 0; k < spoken.Count && spoken[k].SpeechEnd < fed.TotalSeconds; k++)
            {
                utterances++;
                var until = k + 1 < spoken.Count ? spoken[k + 1].Start : double.MaxValue;
                var heard = finals.Where(f => f.EndSeconds >= spoken[k].Start && f.EndSeconds < until).ToList();
                if (heard.Count > 0)
                {
                    eou.Add(heard.Max(f => f.ArrivedSeconds) - spoken[k].SpeechEnd);
                }
            }
        }

        eou.Sort();
        var s = sink.Signalling;
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{legCount,4} | {asr.Metrics.RealTimeFactor,10:0.000} | {perStream,18:0.000} | {cores,10:0.00} | {asr.Metrics.ChunksShed,8} / {asr.Metrics.ChunksReceived,-8} | " +
            $"{Percentile(eou, 0.50),6:0.00} s / {Percentile(eou, 0.95):0.00} s ({eou.Count} of {utterances} heard) | " +
            $"{s.PercentileMicroseconds(0.50) / 1000,6:0.0} ms / {s.PercentileMicroseconds(0.99) / 1000:0.0} ms ({s.Count}) | {LoadAverage()}"));
    }

    private static double Percentile(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    /// <summary>The 1-minute load average: the machine is shared, so each figure says what else ran.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>One leg's packets gathered into chunks as <c>MediaProcessor</c> flushes them.</summary>
    private sealed class Feed(int index, SpeechLeg leg, TimeSpan chunkLength)
    {
        private readonly int _chunkSamples = Math.Max(SpeechLeg.PacketSamples, (int)(chunkLength.TotalSeconds * SpeechLeg.Rate));
        private readonly List<short> _pending = [];
        private readonly short[] _packet = new short[SpeechLeg.PacketSamples];
        private int _pendingFrom;

        public SpeechLeg Leg { get; } = leg;

        public string CallId { get; } = "call-" + (index / 2);

        public Speaker Speaker { get; } = index % 2 == 0 ? Speaker.Caller : Speaker.Agent;

        public AudioChunk? Next(int packet, DateTimeOffset legStart)
        {
            var at = packet * SpeechLeg.PacketSamples;
            if (at >= Leg.MuLaw.Length)
            {
                return null;
            }

            var length = Math.Min(SpeechLeg.PacketSamples, Leg.MuLaw.Length - at);
            G711.DecodeMuLaw(Leg.MuLaw.AsSpan(at, length), _packet);
            if (_pending.Count == 0)
            {
                _pendingFrom = at;
            }

            _pending.AddRange(_packet.AsSpan(0, length));
            if (_pending.Count < _chunkSamples && at + length < Leg.MuLaw.Length)
            {
                return null;
            }

            var pcm = new byte[_pending.Count * 2];
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_pending)).CopyTo(pcm);
            _pending.Clear();
            return new AudioChunk(Speaker, legStart.AddSeconds((double)_pendingFrom / SpeechLeg.Rate), SpeechLeg.Rate, pcm);
        }
    }

    private sealed class Sink(TimeProvider time) : IEventSink
    {
        /// <summary>When the first packet was due: the time base of the legs' speech and of the arrivals.</summary>
        public long Start { get; set; } = Stopwatch.GetTimestamp();

        public ConcurrentBag<(string CallId, Speaker Speaker, double EndSeconds, double ArrivedSeconds)> Finals { get; } = [];

        public LatencyHistogram Signalling { get; } = new();

        public string Name => "bench";

        public IReadOnlyCollection<string> Kinds { get; } = [EventKinds.TranscriptSegment, EventKinds.CallHeld, EventKinds.CallResumed];

        public ValueTask OnEventAsync(EventEnvelope envelope, CancellationToken cancellationToken)
        {
            switch (envelope.Payload)
            {
                case TranscriptSegment { IsFinal: true } segment when envelope.CallId is { } call:
                    Finals.Add((call, segment.Speaker, segment.EndSeconds, Stopwatch.GetElapsedTime(Start).TotalSeconds));
                    break;
                case CallHeld or CallResumed:
                    Signalling.Record(time.GetUtcNow() - envelope.ReceivedAt);
                    break;
            }

            return ValueTask.CompletedTask;
        }
    }
}
