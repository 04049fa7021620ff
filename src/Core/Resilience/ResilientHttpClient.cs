using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Middleware.Core.Resilience;

/// <summary>How hard to try one HTTP peer: requests in flight, retries of transient failures, the time each attempt gets, the breaker.</summary>
public sealed record HttpResilience(int MaxConcurrency, int Retries, TimeSpan Timeout, CircuitBreakerOptions CircuitBreaker);

/// <summary>
/// One named HttpClient from IHttpClientFactory behind Microsoft.Extensions.Http.Resilience, built
/// the one way every HTTP peer of the middleware is reached (the CRMs, the recognizer server):
/// concurrency limit, retries of transient outcomes (5xx, 408, 429 honouring Retry-After,
/// connection failures, attempt timeouts) with jittered exponential backoff, circuit breaker, and a
/// timeout per attempt (innermost, so a retry gets a fresh one). The client's own timeout is off:
/// the pipeline times the attempts. Owns its service provider: dispose it with the peer.
/// </summary>
public sealed class ResilientHttpClient : IAsyncDisposable, IDisposable
{
    private readonly ServiceProvider _services;

    private ResilientHttpClient(ServiceProvider services, HttpClient client)
    {
        _services = services;
        Client = client;
    }

    public HttpClient Client { get; }

    /// <param name="name">The client's and the pipeline's name (shows in resilience logs and metrics).</param>
    /// <param name="configure">Base address, default headers.</param>
    /// <param name="handler">A handler in front of the pipeline (the CRM's authentication: once per request, its header kept across retries).</param>
    public static ResilientHttpClient Create(string name, HttpResilience resilience, TimeProvider time, Action<HttpClient>? configure = null, Func<DelegatingHandler>? handler = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time);
        var builder = services.AddHttpClient(name, c =>
        {
            c.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline times attempts
            configure?.Invoke(c);
        });
        if (handler is not null)
        {
            builder.AddHttpMessageHandler(handler);
        }

        builder.AddResilienceHandler(name, pipeline =>
        {
            var concurrency = Math.Max(1, resilience.MaxConcurrency);
            pipeline.AddConcurrencyLimiter(concurrency, queueLimit: concurrency * 64);
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, resilience.Retries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(resilience.Retries > 0 && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
            });
            var breaker = resilience.CircuitBreaker;
            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = breaker.FailureRatio,
                MinimumThroughput = breaker.MinimumThroughput,
                SamplingDuration = breaker.SamplingDuration,
                BreakDuration = breaker.BreakDuration,
            });
            pipeline.AddTimeout(resilience.Timeout);
        });
        var provider = services.BuildServiceProvider();
        return new ResilientHttpClient(provider, provider.GetRequiredService<IHttpClientFactory>().CreateClient(name));
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    public void Dispose() => _services.Dispose();
}
