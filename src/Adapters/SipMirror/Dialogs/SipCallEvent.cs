namespace Middleware.Adapters.SipMirror.Dialogs;

/// <summary>A domain event the dialog tracker made, with the middleware call id and the SIP message behind it (null when a timer made it).</summary>
public readonly record struct SipCallEvent(string CallId, CallCenterEvent Payload, DateTimeOffset OccurredAt, Sip.SipMessage? Source);
