namespace Middleware.Core.Events;

// The audio of a call as the mirror hears it.

/// <summary>
/// Which party of a call a leg of audio, a transcript line or a reading belongs to. Agent is the
/// answering side: the agent in a queue call, whoever or whatever answered otherwise (the callee
/// of the SIP dialog).
/// </summary>
public enum Speaker { Unknown, Caller, Agent }

/// <summary>Linear 16-bit PCM of one leg, little-endian; shed under overload and not journaled by default.</summary>
public sealed record AudioChunk(Speaker Leg, DateTimeOffset StartedAt, int SampleRate, byte[] Pcm) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.AudioChunk;
}

/// <summary>
/// How one leg's audio fared, from RTP sequence/timing or RTCP reports: what the mirror knows
/// about call quality. Leg is who spoke.
/// </summary>
/// <param name="Mos">An E-model (ITU-T G.107) estimate from codec, loss and jitter, 1 to 4.5.</param>
/// <param name="MeasuredFrom">"rtp" when the mirror saw the audio itself, "rtcp" when only the endpoints' reports.</param>
public sealed record MediaQuality(Speaker Leg, string? Codec, long Packets, long Lost, double JitterMs, double Mos, string MeasuredFrom = "rtp") : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.MediaQuality;
}
