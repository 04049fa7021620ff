namespace Middleware.Adapters.SipMirror.Sip;

/// <summary>Where one header sits in the message's bytes; its value is only turned into text when asked for.</summary>
/// <param name="Folded">The value continues on following lines (LWS folding), so it is unfolded when read.</param>
public readonly record struct SipHeaderField(int NameStart, int NameLength, int ValueStart, int ValueLength, SipHeaderId Id, bool Folded);
