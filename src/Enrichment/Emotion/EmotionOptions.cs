namespace Middleware.Enrichment.Emotion;

/// <summary>emotion: in the YAML config (see config/middleware.sample.yaml).</summary>
public sealed class EmotionOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Whose segments are read (the caller's by default; add agent for QA).</summary>
    public List<Speaker> Speakers { get; set; } = [Speaker.Caller];

    /// <summary>A run of frustrated or angry segments this long raises EscalationRisk...</summary>
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>...when it has at least this many segments.</summary>
    public int EscalateMinSegments { get; set; } = 2;

    /// <summary>Weight of the newest segment in the rolling call valence (exponential moving average).</summary>
    public double RollingWeight { get; set; } = 0.4;
}
