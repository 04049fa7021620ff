using Middleware.Adapters.FastAgi.Protocol;

namespace Middleware.Adapters.FastAgi.Framing;

public enum AgiFrameKind { Request, Reply, Hangup, Error }

/// <summary>Bytes that could not be read as AGI, with their offset in the session's byte stream.</summary>
public sealed record AgiFramingError(long Offset, string Reason)
{
    public override string ToString() => $"AGI framing error at byte {Offset}: {Reason}";
}

/// <summary>
/// One thing Asterisk sent on a FastAGI session: the <c>agi_*</c> variable block that opens it, a
/// reply to a command, the <c>HANGUP</c> notification (res_agi sends it once when the channel hangs
/// up while the script runs), or bytes that were not AGI.
/// </summary>
public readonly struct AgiFrame
{
    private AgiFrame(AgiFrameKind kind, long offset, AgiRequest? request, AgiReply? reply, AgiFramingError? error)
    {
        Kind = kind;
        Offset = offset;
        Request = request;
        Reply = reply;
        Error = error;
    }

    public AgiFrameKind Kind { get; }

    /// <summary>Where the frame starts in the session's byte stream.</summary>
    public long Offset { get; }

    public AgiRequest? Request { get; }

    public AgiReply? Reply { get; }

    public AgiFramingError? Error { get; }

    public static AgiFrame ForRequest(AgiRequest request, long offset) => new(AgiFrameKind.Request, offset, request, null, null);

    public static AgiFrame ForReply(AgiReply reply) => new(AgiFrameKind.Reply, reply.Offset, null, reply, null);

    public static AgiFrame ForHangup(long offset) => new(AgiFrameKind.Hangup, offset, null, null, null);

    public static AgiFrame ForError(AgiFramingError error) => new(AgiFrameKind.Error, error.Offset, null, null, error);

    public override string ToString() => Kind switch
    {
        AgiFrameKind.Request => $"request {Request!.Script} @{Offset}",
        AgiFrameKind.Reply => $"reply {Reply} @{Offset}",
        AgiFrameKind.Hangup => $"HANGUP @{Offset}",
        _ => Error!.ToString(),
    };
}
