namespace Middleware.Adapters.Ami.Framing;

/// <summary>Bytes that could not be framed, with their offset in the connection's byte stream.</summary>
public sealed record AmiFramingError(long Offset, string Reason)
{
    public override string ToString() => $"AMI framing error at byte {Offset}: {Reason}";
}
