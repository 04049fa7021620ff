using System.Diagnostics;

namespace Middleware.Samples.Pbx;

/// <summary>
/// The emulated PBX's clock: virtual time runs <see cref="Speed"/> times faster than real time,
/// so a scenario of minutes-long calls plays in seconds while event timestamps stay realistic.
/// Its timers (<see cref="Task.Delay(TimeSpan, TimeProvider)"/>, Quartz) run on virtual time too, so
/// a test can hand the same clock to the middleware: the PBX's ringing and talking and the
/// middleware's schedules then move together and never race two clocks. A clock made
/// <c>held</c> stands still until <see cref="Release"/>, so a test can start everything at a known instant.
/// </summary>
public sealed class ScaledClock : TimeProvider
{
    private readonly Lock _sync = new();
    private DateTimeOffset _origin; // the virtual time at _realOrigin
    private long _realOrigin = Stopwatch.GetTimestamp();
    private bool _held;

    public ScaledClock(double speed, DateTimeOffset? start = null, bool held = false)
    {
        Speed = speed;
        _origin = start ?? DateTimeOffset.UtcNow;
        _held = held;
    }

    public double Speed { get; }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_sync)
        {
            return _held ? _origin : _origin + TimeSpan.FromTicks((long)(Stopwatch.GetElapsedTime(_realOrigin).Ticks * Speed));
        }
    }

    /// <summary>Lets a held clock run on from the instant it stood at.</summary>
    public void Release()
    {
        lock (_sync)
        {
            _realOrigin = Stopwatch.GetTimestamp();
            _held = false;
        }
    }

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

    /// <summary>A timer due after a span of virtual time. It may fire early by a timer's coarseness (or while held): whoever waits on it reads the clock again, as Quartz does.</summary>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(System.CreateTimer(callback, state, Real(dueTime), Real(period)), this);

    private TimeSpan Real(TimeSpan span) => span == Timeout.InfiniteTimeSpan ? span : TimeSpan.FromTicks((long)Math.Ceiling(span.Ticks / Speed));

    private sealed class ScaledTimer(ITimer timer, ScaledClock clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => timer.Change(clock.Real(dueTime), clock.Real(period));

        public void Dispose() => timer.Dispose();

        public ValueTask DisposeAsync() => timer.DisposeAsync();
    }
}
