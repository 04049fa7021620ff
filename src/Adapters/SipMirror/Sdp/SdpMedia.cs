namespace Middleware.Adapters.SipMirror.Sdp;

/// <summary>One m= line with what applies to it (its own c= and attributes, else the session's).</summary>
public sealed record SdpMedia(
    string Type,
    int Port,
    string Protocol,
    IReadOnlyList<int> PayloadTypes,
    string? ConnectionAddress,
    IReadOnlyDictionary<int, SdpRtpMap> RtpMaps,
    int? PtimeMs,
    SdpDirection Direction)
{
    /// <summary>The codec of the first payload type offered (the preferred one): static types 0/8/9/18 need no rtpmap.</summary>
    public SdpRtpMap? PreferredCodec => PayloadTypes.Count == 0 ? null : Codec(PayloadTypes[0]);

    public SdpRtpMap? Codec(int payloadType) => RtpMaps.TryGetValue(payloadType, out var map) ? map : SdpRtpMap.Static(payloadType);

    /// <summary>The payload type of RFC 4733 telephone-event (DTMF), if offered.</summary>
    public int? TelephoneEventPayloadType => RtpMaps.Values.FirstOrDefault(m => m.Encoding.Equals("telephone-event", StringComparison.OrdinalIgnoreCase))?.PayloadType;

    /// <summary>Held: the offer sends nothing back (sendonly/inactive) or uses the RFC 2543 0.0.0.0 address.</summary>
    public bool IsHold => Direction is SdpDirection.SendOnly or SdpDirection.Inactive || ConnectionAddress is "0.0.0.0";
}
