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

    /// <summary>
    /// Waits a span of virtual time, never less: a timer may fire a little before its real-time due
    /// time (its clock is coarser than the stopwatch's), which at high speed is virtual seconds early.
    /// </summary>
    public async Task Wait(TimeSpan virtualTime, CancellationToken cancellationToken = default)
    {
        var due = GetUtcNow() + virtualTime;
        for (var left = virtualTime; left > TimeSpan.Zero; left = due - GetUtcNow())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(left.TotalMilliseconds / Speed)), cancellationToken);
        }
    }
}
