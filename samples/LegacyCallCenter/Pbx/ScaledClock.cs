using System.Diagnostics;

namespace Middleware.Samples.Pbx;

/// <summary>
/// The emulated PBX's clock: virtual time runs <see cref="Speed"/> times faster than real time,
/// so a scenario of minutes-long calls plays in seconds while event timestamps stay realistic.
/// </summary>
public sealed class ScaledClock : TimeProvider
{
    private readonly DateTimeOffset _start;
    private readonly long _realStart = Stopwatch.GetTimestamp();

    public ScaledClock(double speed, DateTimeOffset? start = null)
    {
        Speed = speed;
        _start = start ?? DateTimeOffset.UtcNow;
    }

    public double Speed { get; }

    public override DateTimeOffset GetUtcNow() =>
        _start + TimeSpan.FromTicks((long)(Stopwatch.GetElapsedTime(_realStart).Ticks * Speed));

    /// <summary>Waits a span of virtual time.</summary>
    public Task Wait(TimeSpan virtualTime, CancellationToken cancellationToken = default) =>
        Task.Delay(TimeSpan.FromTicks(Math.Max(0, (long)(virtualTime.Ticks / Speed))), cancellationToken);
}
