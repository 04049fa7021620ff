using System.Collections.Frozen;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Core.Pipeline;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Middleware.Core.WriteBack;

/// <summary>
/// The one door every outward action passes. It checks the mode and the allow-list, executes
/// through a Polly pipeline (timeout per attempt, jittered retries), and journals the outcome of
/// every request: completed, failed, or skipped with the reason. In observe mode nothing leaves.
/// </summary>
public sealed class WriteBackGate
{
    private readonly WriteBackOptions _options;
    private readonly FrozenDictionary<string, IWriteBackTarget> _targets;
    private readonly EventFactory _factory;
    private readonly ILogger _logger;
    private readonly Channel<EventEnvelope>[] _lanes;
    private readonly ResiliencePipeline _resilience;
    private readonly ResiliencePipeline _durable;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _workers;
    private IEventPublisher? _publisher;
    private volatile WriteBackMode _mode;
    private volatile FrozenDictionary<string, FrozenSet<string>> _allow;
    private readonly FrozenDictionary<string, IWriteBackCondition> _conditions;
    private readonly FrozenDictionary<string, WriteBackTargetHealth> _health;
    private static readonly ResiliencePropertyKey<WriteBackTargetHealth> HealthKey = new("mw.write-back-target");
    private static readonly ResiliencePropertyKey<WriteBackAttempt> AttemptKey = new("mw.write-back-attempt");

    /// <param name="conditions">What "@"-parameters of a request mean (see <see cref="IWriteBackCondition"/>).</param>
    public WriteBackGate(WriteBackOptions options, IEnumerable<IWriteBackTarget> targets, EventFactory factory, ILogger? logger = null, IEnumerable<IWriteBackCondition>? conditions = null)
    {
        _conditions = (conditions ?? []).ToFrozenDictionary(c => c.ParameterKey, StringComparer.Ordinal);
        _options = options.Clone();
        _mode = _options.Mode;
        _targets = targets.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);
        _factory = factory;
        _logger = logger ?? NullLogger.Instance;
        _allow = BuildAllowList(_options.Allow);
        _health = _targets.Keys.ToFrozenDictionary(name => name, name => new WriteBackTargetHealth(name), StringComparer.Ordinal);
        _resilience = new ResiliencePipelineBuilder { TimeProvider = factory.Time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, _options.Retries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                ShouldHandle = args => ValueTask.FromResult(_options.Retries > 0 && MayRetry(args.Outcome.Exception, args.Context)),
                OnRetry = NoteRetry,
            })
            .AddTimeout(new TimeoutStrategyOptions { TimeoutGenerator = args => ValueTask.FromResult(AttemptTimeout(args.Context)) })
            .Build();
        // Durable targets (tickets, notes) are retried until they acknowledge; only a stop interrupts them.
        _durable = new ResiliencePipelineBuilder { TimeProvider = factory.Time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = _options.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(MayRetry(args.Outcome.Exception, args.Context)),
                OnRetry = NoteRetry,
            })
            .AddTimeout(new TimeoutStrategyOptions { TimeoutGenerator = args => ValueTask.FromResult(AttemptTimeout(args.Context)) })
            .Build();
        _lanes = Enumerable.Range(0, _options.Lanes).Select(_ => Channel.CreateUnbounded<EventEnvelope>(new UnboundedChannelOptions { SingleReader = true })).ToArray();
        _workers = _lanes.Select(lane => Task.Run(() => RunLaneAsync(lane.Reader))).ToArray();
    }

    public WriteBackMode Mode => _mode;

    public IReadOnlyDictionary<string, IReadOnlySet<string>> AllowList =>
        _allow.ToDictionary(p => p.Key, p => (IReadOnlySet<string>)p.Value, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Targets => _targets.Keys;

    /// <summary>Per target: pending requests, last error, next retry (for /health/ready, /metrics, /api/write-back).</summary>
    public IReadOnlyCollection<WriteBackTargetHealth> TargetHealth => _health.Values;

    /// <summary>How many requests ended how, per target and action (completed, failed, skipped).</summary>
    public IReadOnlyDictionary<(string Target, string Action, string Outcome), long> Outcomes => _outcomes;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Target, string Action, string Outcome), long> _outcomes = new();

    /// <summary>
    /// The pipeline built with this gate hands itself over here, once, from its constructor: outcomes
    /// and mode switches are then published (journaled and processed) straight through it.
    /// </summary>
    internal void Attach(IEventPublisher publisher)
    {
        if (Interlocked.CompareExchange(ref _publisher, publisher, null) is { } attached && !ReferenceEquals(attached, publisher))
        {
            throw new InvalidOperationException("this write-back gate already publishes into another pipeline");
        }
    }

    /// <summary>Switches the mode at run time; the switch itself is journaled with who asked.</summary>
    public async Task SetModeAsync(WriteBackMode mode, string changedBy, CancellationToken cancellationToken = default)
    {
        var from = _mode;
        _mode = mode;
        _logger.LogWarning("write-back mode {From} -> {To} by {By}", from, mode, changedBy);
        await PublishAsync(_factory.Create("write-back", null, new WriteBackModeChanged(from, mode, changedBy)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes a new allow-list (a config reload); the mode changes through <see cref="SetModeAsync"/>.</summary>
    public void ReplaceAllowList(Dictionary<string, List<string>> allow) => _allow = BuildAllowList(allow);

    /// <summary>Would this action be sent right now? Returns null when yes, else the reason it would be skipped.</summary>
    public string? Check(string target, string action)
    {
        if (!_targets.TryGetValue(target, out var t))
        {
            return $"no write-back target named '{target}'";
        }

        if (!t.Actions.TryGetValue(action, out var required))
        {
            return $"target '{target}' has no action '{action}'";
        }

        if (!_allow.TryGetValue(target, out var allowed) || !allowed.Contains(action))
        {
            return $"'{action}' is not in the allow-list of '{target}'";
        }

        var mode = _mode;
        return mode < required ? $"mode is {mode.ToString().ToLowerInvariant()}; '{action}' needs {required.ToString().ToLowerInvariant()}" : null;
    }

    internal void Submit(EventEnvelope requested)
    {
        var lane = _lanes[(int)((uint)(requested.CallId ?? "").GetHashCode() % (uint)_lanes.Length)];
        var health = requested.Payload is WriteBackRequested r ? _health.GetValueOrDefault(r.Target) : null;
        health?.Accepted();
        if (!lane.Writer.TryWrite(requested))
        {
            health?.Finished();
            _logger.LogError("write-back gate stopped; request {EventId} not executed", requested.Id);
        }
    }

    private async Task RunLaneAsync(ChannelReader<EventEnvelope> reader)
    {
        await foreach (var requested in reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                var request = (WriteBackRequested)requested.Payload;
                WriteBackOutcome? outcome;
                try
                {
                    outcome = await ExecuteAsync(requested, request).ConfigureAwait(false);
                }
                finally
                {
                    _health.GetValueOrDefault(request.Target)?.Finished();
                }

                if (outcome is null)
                {
                    continue; // interrupted by a stop: no outcome journaled, so the next start resumes it
                }

                _outcomes.AddOrUpdate((request.Target, request.Action, outcome.Outcome), 1, static (_, n) => n + 1);
                await PublishAsync(_factory.Derive(requested, "write-back", outcome), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "write-back outcome of {EventId} could not be journaled", requested.Id);
            }
        }
    }

    private async Task<WriteBackOutcome?> ExecuteAsync(EventEnvelope envelope, WriteBackRequested request)
    {
        if (Check(request.Target, request.Action) is { } reason)
        {
            return new WriteBackSkipped(request.RequestId, request.Target, request.Action, reason);
        }

        var parameters = request.Parameters;
        if (parameters.Keys.Any(k => k.StartsWith('@')))
        {
            foreach (var (key, value) in parameters.Where(p => p.Key.StartsWith('@')))
            {
                var why = _conditions.TryGetValue(key, out var condition) ? condition.WhyStale(envelope.CallId, value) : $"unknown condition '{key}'";
                if (why is not null)
                {
                    return new WriteBackSkipped(request.RequestId, request.Target, request.Action, why);
                }
            }

            parameters = parameters.Where(p => !p.Key.StartsWith('@')).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal); // conditions are the gate's, not the target's
        }

        var target = _targets[request.Target];
        var health = _health[request.Target];
        var command = new WriteBackCommand(request.RequestId, request.Action, envelope.CallId, parameters);
        var attempts = 0;
        var attempt = target.AttemptFor(command) ?? new WriteBackAttempt(_options.Timeout, Retry: true);
        var context = ResilienceContextPool.Shared.Get(_stopping.Token);
        context.Properties.Set(HealthKey, health);
        context.Properties.Set(AttemptKey, attempt);
        try
        {
            var result = await (target.Durable ? _durable : _resilience).ExecuteAsync(
                async (ctx, _) =>
                {
                    attempts++;
                    return await AttemptAsync(target, health, command, attempts, attempt.Timeout, ctx.CancellationToken).ConfigureAwait(false);
                },
                context,
                0).ConfigureAwait(false);
            return new WriteBackCompleted(request.RequestId, request.Target, request.Action, result, attempts);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return null;
        }
        catch (TimeoutRejectedException)
        {
            return new WriteBackFailed(request.RequestId, request.Target, request.Action, $"timed out after {attempt.Timeout.TotalSeconds:0.#} s", attempts);
        }
        catch (Exception ex)
        {
            return new WriteBackFailed(request.RequestId, request.Target, request.Action, ex.Message, attempts);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// One attempt, recorded on the target's health. The first failure in a row is a warning, the
    /// recovery an information line; the retries in between are debug lines, so a CRM down for an
    /// hour is two lines in the log, not one per retry, and its state is on /health/ready meanwhile.
    /// </summary>
    private async Task<string?> AttemptAsync(IWriteBackTarget target, WriteBackTargetHealth health, WriteBackCommand command, int attempt, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var result = await target.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
            var failedBefore = health.Succeeded(_factory.Time.GetUtcNow());
            if (failedBefore > 0)
            {
                _logger.LogInformation("write-back target {Target} recovered after {Failures} failed attempt(s)", target.Name, failedBefore);
            }

            return result;
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            var error = ex is OperationCanceledException ? $"timed out after {timeout.TotalSeconds:0.#} s" : ex.Message;
            var rejected = ex is WriteBackRejectedException;
            var inARow = health.AttemptFailed(error, _factory.Time.GetUtcNow(), rejected);
            if (rejected)
            {
                _logger.LogWarning("write-back target {Target} rejected {Action} {RequestId}: {Error} (not retried)", target.Name, command.Action, command.RequestId, error);
            }
            else if (inARow == 1)
            {
                _logger.LogWarning("write-back target {Target} failing: {Action} {RequestId} attempt {Attempt}: {Error}{Retry}", target.Name, command.Action, command.RequestId, attempt, error,
                    target.Durable ? " (retried until it succeeds)" : "");
            }
            else
            {
                _logger.LogDebug("write-back target {Target}: {Action} {RequestId} attempt {Attempt} failed: {Error}", target.Name, command.Action, command.RequestId, attempt, error);
            }

            throw;
        }
    }

    private TimeSpan AttemptTimeout(ResilienceContext context) =>
        context.Properties.TryGetValue(AttemptKey, out var attempt) ? attempt.Timeout : _options.Timeout;

    /// <summary>
    /// A refusal is final, and so is a stop. Otherwise the target's <see cref="WriteBackAttempt.Retry"/>
    /// decides, except that an action which never left may always be sent again.
    /// </summary>
    private static bool MayRetry(Exception? ex, ResilienceContext context) => ex switch
    {
        null or WriteBackRejectedException or OperationCanceledException => false,
        WriteBackNotSentException => true,
        _ => !context.Properties.TryGetValue(AttemptKey, out var attempt) || attempt.Retry,
    };

    private ValueTask NoteRetry(OnRetryArguments<object> args)
    {
        if (args.Context.Properties.TryGetValue(HealthKey, out var health))
        {
            health.RetryScheduled(_factory.Time.GetUtcNow() + args.RetryDelay);
        }

        return default;
    }

    private ValueTask PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken) =>
        _publisher?.PublishAsync(envelope, cancellationToken)
        ?? throw new InvalidOperationException("write-back gate is not attached to a pipeline");

    /// <summary>
    /// Re-submits the requests <paramref name="journal"/> holds from before a restart that never got an
    /// outcome (<see cref="UnfinishedWriteBacks"/>): durable ones run again (their idempotency key makes
    /// a repeat harmless); others are recorded as failed, since what they were for (a live channel,
    /// say) has likely moved on. Returns how many there were.
    /// </summary>
    public async Task<int> ResumeUnfinishedAsync(IEventJournal journal, CancellationToken cancellationToken = default)
    {
        var unfinished = await UnfinishedWriteBacks.FindAsync(journal, _factory.Time.GetUtcNow() - UnfinishedWriteBacks.LookBack, cancellationToken).ConfigureAwait(false);
        if (unfinished.Count > 0)
        {
            _logger.LogWarning("resuming {Count} write-back(s) left unfinished by the last stop", unfinished.Count);
            await ResumeAsync(unfinished, cancellationToken).ConfigureAwait(false);
        }

        return unfinished.Count;
    }

    private async Task ResumeAsync(IEnumerable<EventEnvelope> unfinished, CancellationToken cancellationToken)
    {
        foreach (var envelope in unfinished)
        {
            if (envelope.Payload is not WriteBackRequested request)
            {
                continue;
            }

            if (_targets.TryGetValue(request.Target, out var target) && target.Durable)
            {
                Submit(envelope);
            }
            else
            {
                await PublishAsync(_factory.Derive(envelope, "write-back", new WriteBackFailed(request.RequestId, request.Target, request.Action,
                    "not carried out: the middleware stopped before it ran", 0)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Finishes what is queued (up to <paramref name="drain"/>), then interrupts retries still running.</summary>
    internal async Task StopAsync(CancellationToken cancellationToken, TimeSpan? drain = null)
    {
        foreach (var lane in _lanes)
        {
            lane.Writer.TryComplete();
        }

        var all = Task.WhenAll(_workers);
        if (await Task.WhenAny(all, Task.Delay(drain ?? _options.DrainOnStop, _factory.Time, cancellationToken)).ConfigureAwait(false) != all)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        await all.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static FrozenDictionary<string, FrozenSet<string>> BuildAllowList(Dictionary<string, List<string>> allow) =>
        allow.ToFrozenDictionary(p => p.Key, p => p.Value.ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal);
}
