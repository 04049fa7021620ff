namespace Middleware.Enrichment.Intent;

/// <summary>intent: in the YAML config (see config/middleware.sample.yaml).</summary>
public sealed class IntentOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Whose words say why the call is made (the caller's).</summary>
    public List<Speaker> Speakers { get; set; } = [Speaker.Caller];

    /// <summary>How many keywords each IntentDetected carries.</summary>
    public int Keywords { get; set; } = 5;

    /// <summary>How much of the call's earlier evidence carries into the next segment (0..1; 1 = all of it).</summary>
    public double Recency { get; set; } = 0.8;
}
