namespace Middleware.Enrichment.Asr;

/// <summary>What the transcription enricher did, for /metrics and /health/ready. Updated from every leg worker.</summary>
public sealed class AsrMetrics
{
    private long _chunks;
    private long _shed;
    private long _backlog;
    private long _finals;
    private long _partials;
    private long _failures;
    private long _audioMicros;
    private long _decodeMicros;
    private long _legs;

    public long ChunksReceived => Interlocked.Read(ref _chunks);

    /// <summary>Audio chunks dropped because a leg's backlog was full: speech load never holds up the call's events.</summary>
    public long ChunksShed => Interlocked.Read(ref _shed);

    /// <summary>Chunks waiting for the engine, all legs.</summary>
    public long Backlog => Interlocked.Read(ref _backlog);

    public long FinalSegments => Interlocked.Read(ref _finals);

    public long PartialSegments => Interlocked.Read(ref _partials);

    public long Failures => Interlocked.Read(ref _failures);

    public long ActiveLegs => Interlocked.Read(ref _legs);

    public double AudioSeconds => Interlocked.Read(ref _audioMicros) / 1e6;

    /// <summary>Decode time over decoded audio time, all legs: below 1 the engine keeps up.</summary>
    public double RealTimeFactor => AudioSeconds > 0 ? Interlocked.Read(ref _decodeMicros) / 1e6 / AudioSeconds : 0;

    internal void Received() => Interlocked.Increment(ref _chunks);

    internal void Shed() => Interlocked.Increment(ref _shed);

    internal void Queued(int delta) => Interlocked.Add(ref _backlog, delta);

    internal void Segment(bool final) => Interlocked.Increment(ref final ? ref _finals : ref _partials);

    internal void Failed() => Interlocked.Increment(ref _failures);

    internal void Leg(int delta) => Interlocked.Add(ref _legs, delta);

    internal void Decoded(double audioSeconds, TimeSpan took)
    {
        Interlocked.Add(ref _audioMicros, (long)(audioSeconds * 1e6));
        Interlocked.Add(ref _decodeMicros, (long)(took.TotalMilliseconds * 1000));
    }
}
