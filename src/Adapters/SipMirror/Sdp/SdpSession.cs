namespace Middleware.Adapters.SipMirror.Sdp;

/// <summary>The parts of an SDP offer/answer the mirror needs to find and decode media (RFC 4566).</summary>
public sealed record SdpSession(string? OriginAddress, string? ConnectionAddress, IReadOnlyList<SdpMedia> Media)
{
    public SdpMedia? Audio => Media.FirstOrDefault(m => m.Type == "audio" && m.Port != 0);
}
