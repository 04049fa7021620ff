namespace Middleware.Adapters.SipMirror.Hep;

/// <summary>HEP "protocol type" chunk (0x0b): what the captured payload is.</summary>
public enum HepPayloadType : byte
{
    Unknown = 0,
    Sip = 0x01,
    Xmpp = 0x02,
    Sdp = 0x03,
    Rtp = 0x04,

    /// <summary>Raw RTCP from most agents; some send a JSON rendering under the same number (told apart by the payload).</summary>
    Rtcp = 0x05,
    Mgcp = 0x06,
    Megaco = 0x07,
    QosJson = 0x20,
    MosReportJson = 0x22,
    MosShortReport = 0x23,
    Log = 0x64,
}
