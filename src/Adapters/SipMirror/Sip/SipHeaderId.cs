namespace Middleware.Adapters.SipMirror.Sip;

/// <summary>The headers the mirror reads or validates; everything else is <see cref="Other"/> and kept as text.</summary>
public enum SipHeaderId : byte
{
    Other,
    CallId,
    CSeq,
    From,
    To,
    Via,
    ContentLength,
    ContentType,
    Contact,
    MaxForwards,
    ReferTo,
    ReferredBy,
    Replaces,
    Date,
    Expires,
    RecordRoute,
    Route,
    Subject,
    Supported,
    Event,
    UserAgent,
    PAssertedIdentity,
    Reason,
}
