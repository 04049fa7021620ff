namespace Middleware.Core.Events;

// What the middleware knows about its sources themselves: records it could not map, gaps, status.

/// <summary>One field of a source record, kept in the order the source sent it.</summary>
public readonly record struct SourceField(string Key, string Value);

/// <summary>A source record no mapping exists for: kept whole, never dropped.</summary>
public sealed record Unmapped(string Protocol, string Name, IReadOnlyList<SourceField> Fields) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.Unmapped;
}

/// <summary>A span of time in which a source was not heard (disconnect to resync).</summary>
public sealed record SourceGap(DateTimeOffset From, DateTimeOffset To, string Reason) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.SourceGap;
}

public sealed record SourceStatusChanged(string Status, string? Detail) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.SourceStatusChanged;
}

/// <summary>A plugin threw or timed out on an event; the pipeline went on.</summary>
public sealed record EnricherFailed(string Enricher, string FailedKind, string Error) : DerivedEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.EnricherFailed;
}
