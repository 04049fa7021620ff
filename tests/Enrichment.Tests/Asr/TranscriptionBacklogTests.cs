using Middleware.Core.Events;
using Middleware.Core.Media;
using Middleware.Core.Pipeline;
using Middleware.Enrichment.Asr;
using Middleware.TestSupport;

namespace Middleware.Enrichment.Tests.Asr;

/// <summary>The backlog a leg may hold is seconds of audio, whatever length the source's chunks are.</summary>
public class TranscriptionBacklogTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-12-01T09:00:00Z");

    /// <summary>Every decoder busy elsewhere: a rental that waits until the enricher stops (what a leg behind the concurrency limit sees).</summary>
    private sealed class BusyEngine : ISpeechEngine
    {
        public string Name => "busy";

        public int SampleRate => 16000;

        public string? Language => "en";

        public int MaxConcurrency => 1;

        public async ValueTask<ISpeechDecoder> RentAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new OperationCanceledException(cancellationToken);
        }

        public void Dispose()
        {
        }
    }

    /// <summary>The leg as a source forwarding each RTP packet: 20 ms AudioChunks (RFC 3551's default ptime).</summary>
    private static IEnumerable<EventEnvelope> Packets(string callId, WavAudio audio, double offset)
    {
        var piece = audio.SampleRate / 50;
        for (var at = 0; at + piece <= audio.Samples.Length; at += piece)
        {
            var pcm = new byte[piece * 2];
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(audio.Samples.AsSpan(at, piece)).CopyTo(pcm);
            var startedAt = T0.AddSeconds(offset + ((double)at / audio.SampleRate));
            yield return TestEvents.Make(callId, new AudioChunk(Speaker.Caller, startedAt, audio.SampleRate, pcm), source: "sbc", at: startedAt);
        }
    }

    [Theory]
    [InlineData(10, 8000, 1.0, 10)]
    [InlineData(10, 8000, 0.02, 500)]
    [InlineData(2, 8000, 0.2, 10)]
    [InlineData(1, 8000, 3.0, 1)]
    public void A_leg_queues_as_many_chunks_as_fit_its_backlog_seconds(int backlogSeconds, int rate, double chunkSeconds, int expected)
    {
        var chunk = new AudioChunk(Speaker.Caller, T0, rate, new byte[(int)(chunkSeconds * rate) * 2]);

        Assert.Equal(expected, TranscriptionEnricher.ChunksFor(backlogSeconds, chunk));
    }

    [Fact]
    public async Task Packet_sized_chunks_are_not_shed_before_the_backlog_seconds_are_full()
    {
        var options = new AsrOptions { BacklogSeconds = 10, Transcriber = new TranscriberOptions { DecodeTimeout = TimeSpan.FromMilliseconds(200) } };
        var asr = new TranscriptionEnricher(new BusyEngine(), options);
        await using var h = await PipelineHarness.StartAsync([asr], options: new PipelineOptions { Partitions = 1 });
        asr.Attach(h.Pipeline, new EventFactory(TimeProvider.System));
        var speech = SpeechAudio.Load("02-awb-ulaw-1.0.wav");
        await h.Pipeline.PublishAsync(TestEvents.Started("call-3", at: T0));

        // Three utterances (well under 10 s) waiting for a decoder: all held, none shed.
        var first = Enumerable.Range(0, 3).SelectMany(i => Packets("call-3", speech, i * speech.Seconds)).ToList();
        foreach (var e in first)
        {
            await h.Pipeline.PublishAsync(e);
        }

        await Eventually.True(() => asr.Metrics.ChunksReceived == first.Count, "the packets reached the enricher", state: () => $"{asr.Metrics.ChunksReceived} of {first.Count}");
        Assert.True(3 * speech.Seconds < 10, "the first part fits the backlog");
        Assert.Equal(0, asr.Metrics.ChunksShed);

        // Past the ten seconds the leg sheds, and counts it.
        var more = Enumerable.Range(3, 6).SelectMany(i => Packets("call-3", speech, i * speech.Seconds)).ToList();
        foreach (var e in more)
        {
            await h.Pipeline.PublishAsync(e);
        }

        await Eventually.True(() => asr.Metrics.ChunksReceived == first.Count + more.Count, "the rest reached the enricher");
        Assert.True(9 * speech.Seconds > 11, "the whole leg overflows the backlog");
        Assert.InRange(asr.Metrics.ChunksShed, 1, first.Count + more.Count - 500);
        await asr.DisposeAsync();
    }
}
