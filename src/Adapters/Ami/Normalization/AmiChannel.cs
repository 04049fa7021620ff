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

    /// <summary>The SIP Call-ID of this leg's dialog, once the PBX told it (channelvars or a VarSet of SIPCALLID).</summary>
    public string? SipCallId { get; set; }

    /// <summary>The number this leg was dialled as (DialBegin's DialString, PJSIP/1001 or 13800138000@trunk → 1001, 13800138000).</summary>
    public string? DialedAs { get; set; }

    /// <summary>The dialplan application the leg last ran (Newexten), naming what answered a call the PBX answered.</summary>
    public string? Application { get; set; }

    public bool Ringing { get; set; }

    public bool HungUp { get; set; }

    /// <summary>The bridge the leg is in (BridgeEnter/BridgeLeave): music on hold on a bridged leg is a hold, elsewhere it is a queue's or an IVR's music.</summary>
    public string? BridgeId { get; set; }

    /// <summary>Local channels (chan_local / core_local) are the PBX talking to itself: a digit crossing one is not a party pressing it again.</summary>
    public bool IsLocal => Name.StartsWith("Local/", StringComparison.OrdinalIgnoreCase);

    /// <summary>The queue member interface when this leg rings an agent.</summary>
    public string? AgentInterface { get; set; }
}
