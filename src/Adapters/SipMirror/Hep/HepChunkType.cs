namespace Middleware.Adapters.SipMirror.Hep;

/// <summary>The generic (vendor 0) chunk types of HEP3.</summary>
public enum HepChunkType : ushort
{
    IpFamily = 0x01,
    IpProtocol = 0x02,
    Ipv4Source = 0x03,
    Ipv4Destination = 0x04,
    Ipv6Source = 0x05,
    Ipv6Destination = 0x06,
    SourcePort = 0x07,
    DestinationPort = 0x08,
    TimestampSeconds = 0x09,
    TimestampMicroseconds = 0x0a,
    ProtocolType = 0x0b,
    CaptureAgentId = 0x0c,
    KeepAliveTimer = 0x0d,
    AuthKey = 0x0e,
    Payload = 0x0f,
    CompressedPayload = 0x10,
    CorrelationId = 0x11,
    VlanId = 0x12,
    CaptureNodeName = 0x13,
}
