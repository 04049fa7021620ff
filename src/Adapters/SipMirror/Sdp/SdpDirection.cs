namespace Middleware.Adapters.SipMirror.Sdp;

/// <summary>RFC 4566 direction attributes; sendonly/inactive from one side is how SIP puts a call on hold.</summary>
public enum SdpDirection { SendRecv, SendOnly, RecvOnly, Inactive }
