namespace Middleware.Adapters.SipMirror.Hep;

/// <summary>One captured packet as a HEP agent (Kamailio siptrace, OpenSIPS, FreeSWITCH, Asterisk res_hep) sent it.</summary>
public sealed record HepPacket
{
    public int Version { get; init; } = 3;

    /// <summary>2 = IPv4, 10 = IPv6 (the socket constants HEP uses).</summary>
    public byte IpFamily { get; init; }

    /// <summary>17 = UDP, 6 = TCP, 132 = SCTP.</summary>
    public byte IpProtocol { get; init; }

    public IPAddress? SourceAddress { get; init; }

    public IPAddress? DestinationAddress { get; init; }

    public ushort SourcePort { get; init; }

    public ushort DestinationPort { get; init; }

    /// <summary>When the agent captured it (its clock).</summary>
    public DateTimeOffset CapturedAt { get; init; }

    public HepPayloadType PayloadType { get; init; }

    public uint? CaptureAgentId { get; init; }

    public string? AuthKey { get; init; }

    /// <summary>What the agent says this packet belongs to (a SIP Call-ID for RTCP reports).</summary>
    public string? CorrelationId { get; init; }

    public string? NodeName { get; init; }

    public ReadOnlyMemory<byte> Payload { get; init; }

    public IPEndPoint? Source => SourceAddress is null ? null : new IPEndPoint(SourceAddress, SourcePort);

    public IPEndPoint? Destination => DestinationAddress is null ? null : new IPEndPoint(DestinationAddress, DestinationPort);
}
