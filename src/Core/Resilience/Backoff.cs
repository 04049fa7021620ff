using Polly;
using Polly.Retry;

namespace Middleware.Core.Resilience;

/// <summary>The retry shapes the sources and publishers share, built once here so they back off alike.</summary>
public static class Backoff
{
    /// <summary>Reconnects until cancelled: jittered exponential backoff from <paramref name="delay"/> up to <paramref name="maxDelay"/>.</summary>
    /// <param name="onRetry">Told the failure and the wait before the next attempt (status, logs).</param>
    public static ResiliencePipeline Reconnect(TimeProvider time, TimeSpan delay, TimeSpan maxDelay, Action<Exception?, TimeSpan>? onRetry = null) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = delay,
                MaxDelay = maxDelay,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
                OnRetry = args =>
                {
                    onRetry?.Invoke(args.Outcome.Exception, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    /// <summary>
    /// Holds what a source captured while the journal refuses it (full disk, failover): retried from
    /// 100 ms up to every 5 s until it is taken or the token is cancelled, never dropped.
    /// </summary>
    public static ResiliencePipeline WhileJournalRefuses(TimeProvider time, Action<Exception?> onRefused) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(100),
                MaxDelay = TimeSpan.FromSeconds(5),
                ShouldHandle = new PredicateBuilder().Handle<JournalAppendException>(),
                OnRetry = args =>
                {
                    onRefused(args.Outcome.Exception);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
}
