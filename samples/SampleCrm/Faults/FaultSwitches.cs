namespace Middleware.SampleCrm.Faults;

/// <summary>What the sample CRM does wrong on purpose, set through /admin/faults.</summary>
public sealed class FaultSwitches
{
    /// <summary>Added to every API response.</summary>
    public int LatencyMs { get; set; }

    /// <summary>Share of API requests answered with <see cref="ErrorStatus"/> (1 = a storm).</summary>
    public double ErrorRate { get; set; }

    public int ErrorStatus { get; set; } = 503;

    /// <summary>The next N API requests get 429 with Retry-After.</summary>
    public int RateLimitNext { get; set; }

    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Bodies trickle out over this long.</summary>
    public int SlowBodyMs { get; set; }
}
