namespace Middleware.Adapters.SipMirror.Hep;

/// <summary>What kind of wrong a packet that is not valid HEP is: the value rejection counters are kept by.</summary>
public enum HepProblem
{
    Empty,
    NotHep,
    HeaderTruncated,
    LengthMismatch,
    ChunkTruncated,
    ChunkLength,
    ChunkValue,
    NoPayload,
    CompressedPayload,
    AddressFamily,
}

/// <summary>Why bytes are not a HEP packet: the kind (<see cref="Problem"/>) and, for people, the whole story with its byte offset.</summary>
public sealed record HepParseError(HepProblem Problem, string Message)
{
    /// <summary>A short fixed label per kind, for counters and health ("length field does not fit").</summary>
    public string Label => Problem switch
    {
        HepProblem.Empty => "empty packet",
        HepProblem.NotHep => "not HEP",
        HepProblem.HeaderTruncated => "header truncated",
        HepProblem.LengthMismatch => "length field does not fit",
        HepProblem.ChunkTruncated => "chunk header truncated",
        HepProblem.ChunkLength => "chunk length does not fit",
        HepProblem.ChunkValue => "chunk value malformed",
        HepProblem.NoPayload => "no payload chunk",
        HepProblem.CompressedPayload => "compressed payload",
        HepProblem.AddressFamily => "unknown address family",
        _ => Problem.ToString(),
    };

    public override string ToString() => Message;
}
