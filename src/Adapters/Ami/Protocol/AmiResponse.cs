namespace Middleware.Adapters.Ami.Protocol;

/// <summary>The PBX's answer to one action, with the events of an event-list action gathered in order.</summary>
public sealed class AmiResponse(AmiMessage message, IReadOnlyList<AmiMessage>? events = null)
{
    public AmiMessage Message { get; } = message;

    public IReadOnlyList<AmiMessage> Events { get; } = events ?? [];

    /// <summary>Success, Pong (old Ping), Follows (old Command), Goodbye (Logoff).</summary>
    public bool IsSuccess => Message.Response is { } r &&
        (r.Equals("Success", StringComparison.OrdinalIgnoreCase) || r.Equals("Pong", StringComparison.OrdinalIgnoreCase) ||
         r.Equals("Follows", StringComparison.OrdinalIgnoreCase) || r.Equals("Goodbye", StringComparison.OrdinalIgnoreCase));

    public string? Text => Message["Message"];

    public string? this[string key] => Message[key];

    /// <summary>Throws <see cref="AmiActionException"/> unless the PBX said Success.</summary>
    public AmiResponse EnsureSuccess(string action) =>
        IsSuccess ? this : throw new AmiActionException(action, Text ?? Message.Response ?? "no response text");
}

/// <summary>The PBX answered "Response: Error" (or similar) to an action.</summary>
public sealed class AmiActionException(string action, string reason) : Exception($"AMI {action} refused: {reason}")
{
    public string Action { get; } = action;

    public string Reason { get; } = reason;
}

/// <summary>The connection ended while an action waited for its answer.</summary>
public sealed class AmiConnectionLostException(string reason) : IOException($"AMI connection lost: {reason}");
