using System.ComponentModel.DataAnnotations;

namespace Middleware.Core.Resilience;

/// <summary>When an HTTP peer (a CRM, a recognizer server) is failing, stop calling it for a while instead of queueing on it.</summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>Share of failed calls within the sampling window that opens the circuit.</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    [Range(2, 10_000)]
    public int MinimumThroughput { get; set; } = 8;

    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long calls fail fast once the circuit opens, before one is let through to test.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
