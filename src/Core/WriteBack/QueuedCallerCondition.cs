using Middleware.Core.CallState;

namespace Middleware.Core.WriteBack;

/// <summary>
/// "Only while the caller still waits in this queue": a routing hint (channel variables, a
/// redirect) for a caller who was answered, gave up or hung up meanwhile is stale, and sending it
/// would at best do nothing and at worst move a call that is now talking to an agent.
/// </summary>
public sealed class QueuedCallerCondition(CallStateStore state) : IWriteBackCondition
{
    public const string Key = "@whileQueued";

    public string ParameterKey => Key;

    public string? WhyStale(string? callId, string value)
    {
        var call = callId is null ? null : state.GetCall(callId);
        if (call is null)
        {
            return $"stale: call {callId} is no longer known";
        }

        return state.IsWaiting(call.CallId, value)
            ? null
            : $"stale: the caller left queue {value} (call now {call.Phase.ToString().ToLowerInvariant()}{(call.Queue != value && call.Queue is not null ? " in " + call.Queue : "")})";
    }
}
