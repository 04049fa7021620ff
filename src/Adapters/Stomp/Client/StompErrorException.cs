using Middleware.Adapters.Stomp.Framing;

namespace Middleware.Adapters.Stomp.Client;

/// <summary>The broker sent an ERROR frame: its message header and body, as the broker worded them.</summary>
public sealed class StompErrorException(StompFrame error)
    : IOException($"STOMP ERROR: {error["message"] ?? "(no message)"}{(error.Body.IsEmpty ? "" : " — " + error.BodyText.Trim())}")
{
    public StompFrame Frame { get; } = error;
}

/// <summary>The connection ended (peer gone, dead heart-beat, shutdown) while something waited on it.</summary>
public sealed class StompConnectionLostException(string reason) : IOException($"STOMP connection lost: {reason}");
