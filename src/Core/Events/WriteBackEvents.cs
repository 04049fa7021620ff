namespace Middleware.Core.Events;

// Every outward action leaves a request and exactly one outcome in the journal.

public sealed record WriteBackRequested(string RequestId, string Target, string Action, IReadOnlyDictionary<string, string> Parameters, WriteBackMode Mode, string? Reason) : DerivedEvent
{
    [JsonIgnore]
    public override bool IsDecision => true;

    [JsonIgnore]
    public override string Kind => EventKinds.WriteBackRequested;
}

/// <summary>
/// The one outcome a request ends with: completed, failed or skipped. Code that only needs "which
/// request, where, what, how did it end" reads this base; the JSON of each kind is unchanged (the
/// base declares them abstract, so each record's own positional properties keep their order in JSON).
/// </summary>
public abstract record WriteBackOutcome : DerivedEvent
{
    [JsonIgnore]
    public override bool IsDecision => true;

    public abstract string RequestId { get; init; }

    public abstract string Target { get; init; }

    public abstract string Action { get; init; }

    /// <summary>completed, failed or skipped: the outcome label of metrics, the call board and the API.</summary>
    [JsonIgnore]
    public abstract string Outcome { get; }

    /// <summary>The target's result, the error, or why it was not sent.</summary>
    [JsonIgnore]
    public abstract string? Detail { get; }
}

public sealed record WriteBackCompleted(string RequestId, string Target, string Action, string? Result, int Attempts) : WriteBackOutcome
{
    [JsonIgnore]
    public override string Kind => EventKinds.WriteBackCompleted;

    [JsonIgnore]
    public override string Outcome => "completed";

    [JsonIgnore]
    public override string? Detail => Result;
}

public sealed record WriteBackFailed(string RequestId, string Target, string Action, string Error, int Attempts) : WriteBackOutcome
{
    [JsonIgnore]
    public override string Kind => EventKinds.WriteBackFailed;

    [JsonIgnore]
    public override string Outcome => "failed";

    [JsonIgnore]
    public override string? Detail => Error;
}

/// <summary>Not sent: the mode (observe = shadow) or the allow-list held it back. Shadow reports read these.</summary>
public sealed record WriteBackSkipped(string RequestId, string Target, string Action, string Reason) : WriteBackOutcome
{
    [JsonIgnore]
    public override string Kind => EventKinds.WriteBackSkipped;

    [JsonIgnore]
    public override string Outcome => "skipped";

    [JsonIgnore]
    public override string? Detail => Reason;
}

public sealed record WriteBackModeChanged(WriteBackMode From, WriteBackMode To, string ChangedBy) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.WriteBackModeChanged;
}
