namespace Middleware.Adapters.SipMirror.Dialogs;

/// <summary>Which end of a call: the one who sent the first INVITE, or the one who answered it.</summary>
public enum SipParty { Caller, Callee }
