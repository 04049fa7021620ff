namespace Middleware.Adapters.Ami.Normalization;

/// <summary>One Asterisk channel (a leg) as the normalizer tracks it.</summary>
internal sealed class AmiChannel(string uniqueid, string name)
{
    public string Uniqueid { get; } = uniqueid;

    public string Name { get; } = name;

    /// <summary>Null while an old-version channel (no Linkedid) is not yet known to belong to a call.</summary>
    public string? CallId { get; set; }

    public string? CallerNumber { get; set; }

    public string? CallerName { get; set; }

    public int State { get; set; }

    public bool Ringing { get; set; }

    public bool Held { get; set; }

    public bool HungUp { get; set; }

    /// <summary>The queue member interface when this leg rings an agent.</summary>
    public string? AgentInterface { get; set; }
}
