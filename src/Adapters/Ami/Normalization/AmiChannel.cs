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

    public bool HungUp { get; set; }

    /// <summary>The bridge the leg is in (BridgeEnter/BridgeLeave): music on hold on a bridged leg is a hold, elsewhere it is a queue's or an IVR's music.</summary>
    public string? BridgeId { get; set; }

    /// <summary>Local channels (chan_local / core_local) are the PBX talking to itself: a digit crossing one is not a party pressing it again.</summary>
    public bool IsLocal => Name.StartsWith("Local/", StringComparison.OrdinalIgnoreCase);

    /// <summary>The queue member interface when this leg rings an agent.</summary>
    public string? AgentInterface { get; set; }
}
