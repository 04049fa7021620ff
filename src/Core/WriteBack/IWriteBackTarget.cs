namespace Middleware.Core.WriteBack;

/// <summary>An outside system the middleware may write to (a PBX over AMI, a CRM, a broker).</summary>
public interface IWriteBackTarget
{
    /// <summary>The name the allow-list uses (a configured source name such as "pbx-main", or "crm").</summary>
    string Name { get; }

    /// <summary>Every action this target can perform, with the lowest mode that may perform it.</summary>
    IReadOnlyDictionary<string, WriteBackMode> Actions { get; }

    /// <summary>
    /// True for writes that must land (tickets, notes): retried until acknowledged, and resumed
    /// after a restart from the journal. The target must make repeats harmless (idempotency keys).
    /// </summary>
    bool Durable => false;

    /// <summary>
    /// How one attempt of <paramref name="command"/> runs when the gate's defaults do not fit
    /// (<see cref="WriteBackOptions.Timeout"/> per attempt, retried on failure); null keeps them.
    /// </summary>
    WriteBackAttempt? AttemptFor(WriteBackCommand command) => null;

    /// <summary>Performs the action; returns a short result for the journal. Throw
    /// <see cref="WriteBackRejectedException"/> when retrying cannot help.</summary>
    Task<string?> ExecuteAsync(WriteBackCommand command, CancellationToken cancellationToken);
}

public sealed record WriteBackCommand(string RequestId, string Action, string? CallId, IReadOnlyDictionary<string, string> Parameters);

/// <param name="Timeout">How long one attempt may take (an Originate waits for the far end to answer).</param>
/// <param name="Retry">
/// Whether a failed or timed-out attempt may be tried again. False where the first attempt may
/// already have done its work when it failed (an Originate whose response was lost may have
/// reached a customer who answered): only a <see cref="WriteBackNotSentException"/> is retried then.
/// </param>
public sealed record WriteBackAttempt(TimeSpan Timeout, bool Retry);

/// <summary>The action never left (no connection): trying again is safe even where retries are not.</summary>
public sealed class WriteBackNotSentException(string message) : Exception(message);

/// <summary>The target understood and refused the action (bad channel, validation error): not retried.</summary>
public sealed class WriteBackRejectedException(string message) : Exception(message);
