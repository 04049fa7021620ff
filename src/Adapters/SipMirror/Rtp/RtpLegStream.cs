using System.Runtime.InteropServices;
using Middleware.Core.Media;

namespace Middleware.Adapters.SipMirror.Rtp;

/// <summary>
/// One speaker's RTP in one call: puts reordered packets back in order, counts loss and jitter
/// (RFC 3550 A.3 and A.8), survives sequence wrap and SSRC changes, fills gaps (loss, silence
/// suppression, comfort noise) with silence so the audio keeps its real length, and decodes G.711
/// to 16-bit PCM. RFC 4733 telephone events come out as digits.
/// </summary>
public sealed class RtpLegStream(int clockRate, int? telephoneEventType, RtpOptions options)
{
    private readonly SortedList<long, Buffered> _reorder = [];
    private readonly List<short> _pcm = new(8000);
    private uint? _ssrc;
    private long _cycles;
    private int _maxSeq = -1;
    private long _baseSeq;
    private long _lastPlayed = long.MinValue;
    private uint? _nextTimestamp;
    private double _transit;
    private bool _hasTransit;
    private uint _lastDtmfTimestamp;
    private bool _dtmfSeen;
    private DateTimeOffset? _holdStartedAt;
    private bool _holdEnded;
    private DateTimeOffset? _lastArrival;
    private int _lastPacketSamples;

    // Longest hold filled with silence; beyond it a leg is more likely broken than held.
    private static readonly TimeSpan MaxHoldFill = TimeSpan.FromHours(2);

    // A pause in arrivals shorter than this is jitter, never a hold to fill.
    private static readonly TimeSpan MinHoldPause = TimeSpan.FromMilliseconds(500);

    /// <summary>Packets of the current SSRC.</summary>
    public long Received { get; private set; }

    /// <summary>Packets of every SSRC this leg had.</summary>
    public long TotalReceived => _receivedBefore + Received;

    public long Late { get; private set; }

    public int SsrcChanges { get; private set; }

    /// <summary>Interarrival jitter in timestamp units (RFC 3550 A.8).</summary>
    public double Jitter { get; private set; }

    public long Expected => _maxSeq < 0 ? 0 : _cycles + _maxSeq - _baseSeq + 1;

    public long Lost => Math.Max(0, _expectedBefore + Expected - _receivedBefore - Received);

    public string? Codec { get; private set; }

    /// <summary>When the first sample waiting in <see cref="TakePcmBytes"/> was captured.</summary>
    public DateTimeOffset? PendingSince { get; private set; }

    public int PendingSamples => _pcm.Count;

    private long _expectedBefore;
    private long _receivedBefore;

    /// <summary>Takes one packet; a finished DTMF digit (and its duration in ms) comes back through <paramref name="digit"/>.</summary>
    public void Add(RtpHeader header, ReadOnlySpan<byte> packet, DateTimeOffset arrival, out (char Digit, int DurationMs)? digit)
    {
        digit = null;
        if (_ssrc != header.Ssrc)
        {
            if (_ssrc is not null)
            {
                // A new source (re-INVITE, transfer, a media server taking over): keep counts, restart sequencing.
                SsrcChanges++;
                Drain();
                _expectedBefore += Expected;
                _receivedBefore += Received;
                Received = 0;
                _hasTransit = false;
                _nextTimestamp = null;
            }

            _ssrc = header.Ssrc;
            _cycles = 0;
            _maxSeq = header.Sequence;
            _baseSeq = header.Sequence;
            _lastPlayed = long.MinValue;
        }

        Received++;
        var extended = Extend(header.Sequence);
        if (extended < _baseSeq && _baseSeq - extended < 3000)
        {
            _baseSeq = extended; // the first packet seen was itself reordered: the stream began earlier
        }

        var payload = packet.Slice(header.PayloadOffset, header.PayloadLength);
        if (header.PayloadType == telephoneEventType)
        {
            // An event's packets all carry its start timestamp: left out of jitter, which they would inflate.
            digit = TelephoneEvent(header, payload);
            return;
        }

        UpdateJitter(header.Timestamp, arrival);

        if (extended <= _lastPlayed || _reorder.ContainsKey(extended))
        {
            Late++;
            return;
        }

        if (_reorder.Count == 0 && extended == _lastPlayed + 1)
        {
            // The usual case, the next packet in order: decoded straight from the capture buffer.
            _lastPlayed = extended;
            Play(header.PayloadType, header.Timestamp, payload, arrival);
            return;
        }

        _reorder[extended] = new Buffered(header.PayloadType, header.Timestamp, payload.ToArray(), arrival);
        while (_reorder.Count > options.ReorderPackets || (_reorder.Count > 0 && _reorder.Keys[0] == _lastPlayed + 1))
        {
            PlayHeld();
        }
    }

    /// <summary>
    /// The SDP put the call on hold (RFC 3264 §8.4 sendonly/inactive): the pause in this leg's
    /// packets until they come back is the hold, filled with silence however long it is, so this
    /// leg's audio stays aligned with the other's (timestamps may not have advanced meanwhile).
    /// </summary>
    public void HoldStarted(DateTimeOffset at) => _holdStartedAt ??= at;

    /// <summary>The call was resumed: the next packet's pause is the last one filled as hold.</summary>
    public void HoldEnded() => _holdEnded = _holdStartedAt is not null;

    /// <summary>Plays out everything held (end of call, SSRC change).</summary>
    public void Drain()
    {
        while (_reorder.Count > 0)
        {
            PlayHeld();
        }
    }

    /// <summary>The waiting audio as 16-bit little-endian PCM bytes (one copy: what an <c>AudioChunk</c> carries).</summary>
    public byte[] TakePcmBytes()
    {
        var bytes = MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_pcm)).ToArray();
        _pcm.Clear();
        PendingSince = null;
        return bytes;
    }

    private void PlayHeld()
    {
        var (seq, packet) = (_reorder.Keys[0], _reorder.Values[0]);
        _reorder.RemoveAt(0);
        _lastPlayed = seq;
        Play(packet.PayloadType, packet.Timestamp, packet.Payload, packet.Arrival);
    }

    private void Play(byte payloadType, uint timestamp, ReadOnlySpan<byte> payload, DateTimeOffset arrival)
    {
        var codec = payloadType switch { 0 => "PCMU", 8 => "PCMA", 13 => "CN", _ => null };
        if (codec is "PCMU" or "PCMA")
        {
            Codec = codec;
        }

        var gap = _nextTimestamp is { } next ? (int)(timestamp - next) : 0; // wraps correctly in 32 bits
        var limit = options.MaxGapFill.TotalSeconds * clockRate;
        if (_holdStartedAt is { } heldAt && _lastArrival is { } last && arrival >= heldAt)
        {
            var pause = arrival - last;
            if (pause >= MinHoldPause)
            {
                var heard = (int)Math.Min(pause.TotalSeconds * clockRate - _lastPacketSamples, MaxHoldFill.TotalSeconds * clockRate);
                gap = Math.Max(gap, heard);
                limit = MaxHoldFill.TotalSeconds * clockRate;
            }

            if (_holdEnded)
            {
                _holdStartedAt = null;
                _holdEnded = false;
            }
        }

        _lastArrival = arrival;
        if (gap > 0 && gap <= limit)
        {
            PendingSince ??= arrival.AddSeconds(-(double)gap / clockRate);
            var from = _pcm.Count;
            CollectionsMarshal.SetCount(_pcm, from + gap);
            CollectionsMarshal.AsSpan(_pcm)[from..].Clear(); // silence (SetCount may expose old data)
        }

        if (codec is not ("PCMU" or "PCMA"))
        {
            // Comfort noise or a codec not decoded here: time passes, nothing to decode. Its length is unknown until the next packet.
            _nextTimestamp = timestamp;
            return;
        }

        PendingSince ??= arrival;
        var start = _pcm.Count;
        CollectionsMarshal.SetCount(_pcm, start + payload.Length);
        var decoded = CollectionsMarshal.AsSpan(_pcm)[start..];
        if (codec == "PCMU")
        {
            G711.DecodeMuLaw(payload, decoded);
        }
        else
        {
            G711.DecodeALaw(payload, decoded);
        }

        _nextTimestamp = timestamp + (uint)payload.Length;
        _lastPacketSamples = payload.Length;
    }

    private long Extend(ushort sequence)
    {
        // RFC 3550 A.1, simplified: a big backwards jump after a high sequence is a wrap.
        if (sequence < 0x1000 && _maxSeq > 0xF000)
        {
            _cycles += 0x10000;
            _maxSeq = sequence;
            return _cycles + sequence;
        }

        if (sequence > 0xF000 && _maxSeq < 0x1000 && _cycles > 0)
        {
            return _cycles - 0x10000 + sequence; // a late packet from before the wrap
        }

        if (sequence > _maxSeq)
        {
            _maxSeq = sequence;
        }

        return _cycles + sequence;
    }

    private void UpdateJitter(uint timestamp, DateTimeOffset arrival)
    {
        var arrivalUnits = arrival.ToUnixTimeMilliseconds() * (clockRate / 1000.0) + arrival.Ticks % TimeSpan.TicksPerMillisecond * clockRate / 1e7;
        var transit = arrivalUnits - timestamp;
        if (_hasTransit)
        {
            var d = Math.Abs(transit - _transit);
            if (d < clockRate * 10)
            {
                Jitter += (d - Jitter) / 16;
            }
        }

        _transit = transit;
        _hasTransit = true;
    }

    private (char, int)? TelephoneEvent(RtpHeader header, ReadOnlySpan<byte> payload)
    {
        // RFC 4733 §2.3: event, E|R|volume, duration. The end packet is sent three times: report the first.
        if (payload.Length < 4 || (payload[1] & 0x80) == 0 || (_dtmfSeen && header.Timestamp == _lastDtmfTimestamp))
        {
            return null;
        }

        _dtmfSeen = true;
        _lastDtmfTimestamp = header.Timestamp;
        var durationMs = ((payload[2] << 8) | payload[3]) * 1000 / clockRate;
        char? digit = payload[0] switch
        {
            <= 9 => (char)('0' + payload[0]),
            10 => '*',
            11 => '#',
            >= 12 and <= 15 => (char)('A' + payload[0] - 12),
            16 => 'F', // flash
            _ => null,
        };
        return digit is { } d ? (d, durationMs) : null;
    }

    private sealed record Buffered(byte PayloadType, uint Timestamp, byte[] Payload, DateTimeOffset Arrival);
}
