namespace Middleware.Adapters.SipMirror.Rtp;

public sealed class RtpOptions
{
    /// <summary>Packets held to put reordered ones back in order before decoding (5 × 20 ms = 100 ms).</summary>
    public int ReorderPackets { get; set; } = 5;

    /// <summary>
    /// Decoded audio leaves as one AudioChunk per leg per this much speech. 200 ms: speech
    /// recognition cannot end an utterance before its chunk arrives, so the chunk is part of the wait
    /// for a final transcript (1 s chunks alone put the p95 over the 1 s goal, docs/performance.md);
    /// five chunks a second per leg cost the pipeline little (chunks are not journaled).
    /// </summary>
    public TimeSpan ChunkLength { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Emit audio chunks into the pipeline (for speech recognition); off keeps only quality and DTMF.</summary>
    public bool EmitAudio { get; set; } = true;

    /// <summary>A timestamp gap longer than this (a bogus jump, a long hold) is not filled with silence.</summary>
    public TimeSpan MaxGapFill { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Write one WAV per leg here (null: none).</summary>
    public string? WavDirectory { get; set; }
}
