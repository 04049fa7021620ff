namespace Middleware.Enrichment.Dialer;

public enum PacingMode { Progressive, Predictive }

/// <summary>How a campaign is dialed: pacing, the abandon cap, calling windows and retries.</summary>
public sealed class DialerOptions
{
    public PacingMode Pacing { get; set; } = PacingMode.Predictive;

    /// <summary>Abandoned over answered-by-a-person, over the campaign's last 30 days (the FTC safe harbour is 3%).</summary>
    public double AbandonTarget { get; set; } = 0.03;

    public TimeSpan AbandonWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long an answered person may wait for an agent before the call counts as abandoned (FTC: 2 s after the greeting).</summary>
    public TimeSpan ConnectGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Ring this long before giving up (the Originate timeout).</summary>
    public TimeSpan RingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Local time of the contact within which calls may be placed.</summary>
    public TimeOnly WindowStart { get; set; } = new(9, 0);

    public TimeOnly WindowEnd { get; set; } = new(21, 0);

    /// <summary>Attempts per contact, all outcomes together.</summary>
    public int MaxAttempts { get; set; } = 3;

    public TimeSpan RetryBusy { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan RetryNoAnswer { get; set; } = TimeSpan.FromMinutes(45);

    public TimeSpan RetryMachine { get; set; } = TimeSpan.FromHours(3);

    /// <summary>Predictive: never more than this many calls in flight per agent about to be free.</summary>
    public double MaxDialRatio { get; set; } = 10;

    /// <summary>After-call work an agent does before taking the next call.</summary>
    public TimeSpan WrapUp { get; set; } = TimeSpan.FromSeconds(15);

    public bool InWindow(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        return local >= WindowStart && local < WindowEnd;
    }

    public TimeSpan RetryAfter(string outcome) => outcome switch
    {
        "busy" => RetryBusy,
        "machine" => RetryMachine,
        _ => RetryNoAnswer,
    };
}
