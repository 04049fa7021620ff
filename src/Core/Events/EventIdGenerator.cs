using System.Buffers.Binary;

namespace Middleware.Core.Events;

/// <summary>
/// Makes UUIDv7 ids that are strictly increasing within a process even when many are made in
/// the same millisecond (RFC 9562, method 1: the 12-bit rand_a field is a counter).
/// </summary>
public sealed class EventIdGenerator
{
    private readonly TimeProvider _time;
    private long _last; // (unix ms << 12) | counter

    public EventIdGenerator(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    public static EventIdGenerator Shared { get; } = new();

    public EventId Next()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds() << 12;
        long state;
        while (true)
        {
            var last = Volatile.Read(ref _last);
            state = now > last ? now : last + 1;
            if (Interlocked.CompareExchange(ref _last, state, last) == last)
            {
                break;
            }
        }

        Span<byte> bytes = stackalloc byte[16];
        var ms = state >> 12;
        var counter = (ulong)(state & 0xFFF);
        var high = ((ulong)ms << 16) | 0x7000UL | counter;
        BinaryPrimitives.WriteUInt64BigEndian(bytes, high);
        Random.Shared.NextBytes(bytes[8..]);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return EventId.FromBytes(bytes);
    }
}
