namespace Middleware.Adapters.SipMirror.Sip;

/// <summary>The CSeq header: a sequence number and the method of the transaction it belongs to.</summary>
public readonly record struct SipCSeq(uint Number, string Method)
{
    public override string ToString() => $"{Number} {Method}";
}
