namespace Middleware.Core.WriteBack;

/// <summary>
/// What an operator needs to see about one write-back target when something is stuck: how many
/// requests are in flight, whether the last attempt failed and why, and when the next retry is due.
/// A CRM answering 500 must show up here (and so on /health/ready, /metrics and /api/write-back)
/// instead of leaving a ticket silently pending. Updated by the gate's lane workers; read by scrapes.
/// </summary>
public sealed class WriteBackTargetHealth(string target)
{
    private readonly Lock _lock = new();
    private long _pending;
    private long _failedAttempts;
    private long _consecutiveFailures;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private DateTimeOffset? _lastSuccessAt;
    private DateTimeOffset? _nextRetryAt;

    public string Target { get; } = target;

    /// <summary>Requests accepted for this target without an outcome yet (retrying ones included).</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Attempts that failed since start, retried or not.</summary>
    public long FailedAttempts => Interlocked.Read(ref _failedAttempts);

    /// <summary>Healthy unless the most recent attempt failed (it stays unhealthy until one succeeds).</summary>
    public bool Healthy => Interlocked.Read(ref _consecutiveFailures) == 0;

    public WriteBackTargetSnapshot Snapshot()
    {
        lock (_lock)
        {
            return new WriteBackTargetSnapshot(Target, Healthy, Pending, FailedAttempts, Interlocked.Read(ref _consecutiveFailures),
                _lastError, _lastErrorAt, _lastSuccessAt, Pending > 0 ? _nextRetryAt : null);
        }
    }

    internal void Accepted() => Interlocked.Increment(ref _pending);

    internal void Finished() => Interlocked.Decrement(ref _pending);

    /// <summary>Records a success; returns how many attempts in a row had failed before it (0 as a rule).</summary>
    internal long Succeeded(DateTimeOffset at)
    {
        lock (_lock)
        {
            _lastSuccessAt = at;
            _nextRetryAt = null;
            return Interlocked.Exchange(ref _consecutiveFailures, 0);
        }
    }

    /// <summary>
    /// Records a failed attempt; returns how many attempts in a row have failed. A rejection (the
    /// target understood and refused this one request) is remembered as the last error but does not
    /// make the target unhealthy: it answered.
    /// </summary>
    internal long AttemptFailed(string error, DateTimeOffset at, bool rejected = false)
    {
        lock (_lock)
        {
            _lastError = error;
            _lastErrorAt = at;
            Interlocked.Increment(ref _failedAttempts);
            return rejected ? Interlocked.Read(ref _consecutiveFailures) : Interlocked.Increment(ref _consecutiveFailures);
        }
    }

    internal void RetryScheduled(DateTimeOffset at)
    {
        lock (_lock)
        {
            _nextRetryAt = at;
        }
    }

    /// <summary>One line for /health/ready.</summary>
    public string Describe()
    {
        var s = Snapshot();
        return s.Healthy
            ? $"{s.Pending} pending" + (s.LastSuccessAt is { } ok ? $", last success {ok:O}" : "")
            : $"{s.Pending} pending, {s.ConsecutiveFailures} failed attempt(s) in a row, last error: {s.LastError}"
              + (s.NextRetryAt is { } next ? $", next retry {next:O}" : "");
    }
}

public sealed record WriteBackTargetSnapshot(
    string Target,
    bool Healthy,
    long Pending,
    long FailedAttempts,
    long ConsecutiveFailures,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? NextRetryAt);
