namespace Middleware.Adapters.SipMirror.Sdp;

/// <summary>a=rtpmap:PT encoding/clock[/channels], or the static assignment of RFC 3551.</summary>
public sealed record SdpRtpMap(int PayloadType, string Encoding, int ClockRate, int Channels = 1)
{
    public static SdpRtpMap? Static(int payloadType) => payloadType switch
    {
        0 => new SdpRtpMap(0, "PCMU", 8000),
        3 => new SdpRtpMap(3, "GSM", 8000),
        4 => new SdpRtpMap(4, "G723", 8000),
        8 => new SdpRtpMap(8, "PCMA", 8000),
        9 => new SdpRtpMap(9, "G722", 8000),
        13 => new SdpRtpMap(13, "CN", 8000),
        18 => new SdpRtpMap(18, "G729", 8000),
        _ => null,
    };
}
