namespace Middleware.Core.WriteBack;

/// <summary>
/// A condition a request may carry, checked by the gate right before it is sent: a request
/// parameter named <see cref="ParameterKey"/> (they start with '@' and never reach the target)
/// holds the value the condition is checked against. A request whose condition no longer holds is
/// not sent and is journaled as skipped with the reason: a stale hint is recorded, not written.
/// </summary>
public interface IWriteBackCondition
{
    /// <summary>The request parameter this condition reads, e.g. "@whileQueued".</summary>
    string ParameterKey { get; }

    /// <returns>Null while the request is still wanted; otherwise why it is stale.</returns>
    string? WhyStale(string? callId, string value);
}
