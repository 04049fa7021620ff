namespace Middleware.Core.Journal;

/// <summary>The stored shape of an envelope (Dapper maps query results onto it).</summary>
internal sealed class JournalRow
{
    public long Position { get; set; }

    /// <summary>16 big-endian bytes on SQLite, a Guid on PostgreSQL.</summary>
    public object EventId { get; set; } = null!;

    public string Source { get; set; } = "";

    public string Kind { get; set; } = "";

    public string? CallId { get; set; }

    public long OccurredAt { get; set; }

    public long ReceivedAt { get; set; }

    public string Payload { get; set; } = "";

    public string? RawFormat { get; set; }

    public byte[]? Raw { get; set; }

    public bool Synthesized { get; set; }

    public object? CausedBy { get; set; }

    public const string Columns =
        "position AS Position, event_id AS EventId, source AS Source, kind AS Kind, call_id AS CallId, " +
        "occurred_at AS OccurredAt, received_at AS ReceivedAt, payload AS Payload, raw_format AS RawFormat, " +
        "raw AS Raw, synthesized AS Synthesized, caused_by AS CausedBy";

    public JournalEntry ToEntry()
    {
        var envelope = new EventEnvelope
        {
            Id = ToEventId(EventId),
            Source = Source,
            OccurredAt = TimeCodec.FromMicros(OccurredAt),
            ReceivedAt = TimeCodec.FromMicros(ReceivedAt),
            CallId = CallId,
            Payload = EventJson.Deserialize(Payload),
            Raw = RawFormat is null ? null : new RawSource(RawFormat, Raw ?? []),
            Synthesized = Synthesized,
            CausedBy = CausedBy is null ? null : ToEventId(CausedBy),
        };
        return new JournalEntry(Position, envelope);
    }

    private static Events.EventId ToEventId(object value) => value switch
    {
        Guid g => new Events.EventId(g),
        byte[] b => Events.EventId.FromBytes(b),
        string s => Events.EventId.Parse(s),
        _ => throw new InvalidCastException($"unexpected event id column type {value.GetType().Name}"),
    };
}

/// <summary>Timestamps are stored as microseconds since the Unix epoch, UTC, in both stores.</summary>
internal static class TimeCodec
{
    public static long ToMicros(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static DateTimeOffset FromMicros(long micros) => new(DateTimeOffset.UnixEpoch.UtcTicks + (micros * 10), TimeSpan.Zero);
}
