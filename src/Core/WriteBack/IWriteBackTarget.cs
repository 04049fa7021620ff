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

    /// <summary>Performs the action; returns a short result for the journal. Throw
    /// <see cref="WriteBackRejectedException"/> when retrying cannot help.</summary>
    Task<string?> ExecuteAsync(WriteBackCommand command, CancellationToken cancellationToken);
}

public sealed record WriteBackCommand(string RequestId, string Action, string? CallId, IReadOnlyDictionary<string, string> Parameters);

/// <summary>The target understood and refused the action (bad channel, validation error): not retried.</summary>
public sealed class WriteBackRejectedException(string message) : Exception(message);
