using System.Buffers.Binary;

namespace Middleware.Core.Events;

/// <summary>
/// Time-ordered event identity (a UUIDv7 with a monotonic counter): sorting ids sorts events by
/// the moment they were stamped, and the journal uses it as the idempotency key.
/// </summary>
public readonly record struct EventId(Guid Value) : IComparable<EventId>
{
    public static EventId Parse(string text) => new(Guid.Parse(text));

    public static EventId FromBytes(ReadOnlySpan<byte> bigEndian) => new(new Guid(bigEndian, bigEndian: true));

    public void WriteBytes(Span<byte> destination) => Value.TryWriteBytes(destination, bigEndian: true, out _);

    public byte[] ToBytes()
    {
        var bytes = new byte[16];
        WriteBytes(bytes);
        return bytes;
    }

    /// <summary>Milliseconds since the Unix epoch encoded in the id.</summary>
    public DateTimeOffset Timestamp
    {
        get
        {
            Span<byte> bytes = stackalloc byte[16];
            WriteBytes(bytes);
            var ms = (long)(BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 16);
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }
    }

    public int CompareTo(EventId other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString("D");
}
