using Microsoft.Extensions.Logging;

namespace Middleware.Core.Sources;

/// <summary>
/// Keeps one kind of repeated warning from flooding the log: within each window the first
/// <c>burst</c> occurrences are logged as they come, the rest are counted, and when the window
/// closes one line says how many were held back ("… and 1,962 more like it in the last 10 s").
/// A megabyte of garbage from a PBX is then a handful of lines, while the counters on /metrics
/// still count every one. One instance per source and kind (framing errors of "pbx-main", say).
/// </summary>
public sealed class RepeatedWarnings : IDisposable
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _what;
    private readonly int _burst;
    private readonly TimeSpan _window;
    private readonly Lock _lock = new();
    private ITimer? _summary;
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _inWindow;
    private long _heldBack;
    private bool _disposed;

    /// <param name="what">Names the kind in the summary line ("AMI pbx-main: framing errors").</param>
    public RepeatedWarnings(ILogger logger, string what, TimeProvider? time = null, int burst = 5, TimeSpan? window = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        _logger = logger;
        _what = what;
        _time = time ?? TimeProvider.System;
        _burst = burst;
        _window = window ?? TimeSpan.FromSeconds(10);
    }

    /// <summary>Occurrences not logged so far (summaries already written included).</summary>
    public long HeldBackTotal { get; private set; }

    /// <summary>True when this occurrence should be logged by the caller; false when it was counted instead.</summary>
    public bool ShouldLog()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (now - _windowStart >= _window)
            {
                FlushLocked();
                _windowStart = now;
                _inWindow = 0;
            }

            if (++_inWindow <= _burst)
            {
                return true;
            }

            _heldBack++;
            HeldBackTotal++;
            if (_summary is null && !_disposed)
            {
                var due = _windowStart + _window - now;
                _summary = _time.CreateTimer(_ => Flush(), null, due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
            }

            return false;
        }
    }

    /// <summary>Writes the summary of what the current window held back, if anything (also at close).</summary>
    public void Flush()
    {
        lock (_lock)
        {
            FlushLocked();
        }
    }

    private void FlushLocked()
    {
        _summary?.Dispose();
        _summary = null;
        if (_heldBack == 0)
        {
            return;
        }

        _logger.LogWarning("{What}: … and {Count:N0} more like it in the last {Window:0.#} s", _what, _heldBack, _window.TotalSeconds);
        _heldBack = 0;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            FlushLocked();
        }
    }
}
