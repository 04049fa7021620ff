namespace Middleware.Adapters.SipMirror.Capture;

/// <summary>A whole IP payload (fragments put back together): transport protocol, addresses and bytes.</summary>
public readonly record struct IpDatagram(byte Protocol, IPAddress Source, IPAddress Destination, ReadOnlyMemory<byte> Payload);
