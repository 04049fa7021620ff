using System.Text.Json.Serialization;
using Middleware.Core.WriteBack;

namespace Middleware.Core.Events;

// Every outward action leaves a request and exactly one outcome in the journal.

public sealed record WriteBackRequested(string RequestId, string Target, string Action, IReadOnlyDictionary<string, string> Parameters, WriteBackMode Mode, string? Reason) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.WriteBackRequested;
}

public sealed record WriteBackCompleted(string RequestId, string Target, string Action, string? Result, int Attempts) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.WriteBackCompleted;
}

public sealed record WriteBackFailed(string RequestId, string Target, string Action, string Error, int Attempts) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.WriteBackFailed;
}

/// <summary>Not sent: the mode (observe = shadow) or the allow-list held it back. Shadow reports read these.</summary>
public sealed record WriteBackSkipped(string RequestId, string Target, string Action, string Reason) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.WriteBackSkipped;
}

public sealed record WriteBackModeChanged(WriteBackMode From, WriteBackMode To, string ChangedBy) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.WriteBackModeChanged;
}
