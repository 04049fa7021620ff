namespace Middleware.Core.Pipeline;

/// <summary>
/// Lock-free log-bucketed histogram of durations (about 4% resolution from 1 µs to ~70 s), cheap
/// enough to record every event.
/// </summary>
public sealed class LatencyHistogram
{
    private const double Growth = 1.04;
    private static readonly double LogGrowth = Math.Log(Growth);
    private readonly long[] _buckets = new long[460];
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Record(TimeSpan elapsed) => RecordMicroseconds(elapsed.Ticks / 10.0);

    public void RecordMicroseconds(double micros)
    {
        var index = micros <= 1 ? 0 : Math.Min(_buckets.Length - 1, (int)(Math.Log(micros) / LogGrowth) + 1);
        Interlocked.Increment(ref _buckets[index]);
        Interlocked.Increment(ref _count);
    }

    /// <summary>The upper bound of the bucket holding the given quantile (0..1), in microseconds.</summary>
    public double PercentileMicroseconds(double quantile)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += Interlocked.Read(ref _buckets[i]);
            if (seen >= rank)
            {
                return Math.Pow(Growth, i);
            }
        }

        return Math.Pow(Growth, _buckets.Length);
    }

    public void Reset()
    {
        Array.Clear(_buckets);
        Interlocked.Exchange(ref _count, 0);
    }
}
