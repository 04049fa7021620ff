using System.Text.RegularExpressions;

namespace Middleware.Adapters.SipMirror.Dialogs;

public sealed class SipCallTrackerOptions
{
    /// <summary>Prefix of the middleware's call ids (the source name and a colon), so two mirrors never collide.</summary>
    public string CallIdPrefix { get; set; } = "sip:";

    /// <summary>
    /// An answered call whose media is mirrored, with no SIP and no RTP for this long, is closed with
    /// cause "timeout" (its BYE was never seen). Not applied while the call is on hold (no RTP is
    /// expected then) nor to calls whose media the mirror never carried.
    /// </summary>
    public TimeSpan MediaSilenceTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// An answered call the mirror sees only the signalling of (HEP from Kamailio siptrace, a capture
    /// filtered to SIP ports) lives until its BYE, until its RFC 4028 session timer expires unrefreshed,
    /// or, when it has none, until nothing was heard of it for this long.
    /// </summary>
    public TimeSpan SignallingOnlyCeiling { get; set; } = TimeSpan.FromHours(4);

    /// <summary>A call never answered and silent for this long is closed with cause "timeout".</summary>
    public TimeSpan SetupTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How long an ended call is remembered to absorb retransmissions and late ACKs (SIP Timer J is 32 s).</summary>
    public TimeSpan EndedLinger { get; set; } = TimeSpan.FromSeconds(32);

    /// <summary>Numbers of the call center's own extensions (a regex); decides inbound/outbound/internal.</summary>
    public string? InternalNumbers { get; set; }

    /// <summary>
    /// The pattern, matched in linear time where the engine allows it (no timeout to trip when the
    /// CPU is starved at a peak); patterns that need backtracking get a generous timeout.
    /// </summary>
    internal Regex? InternalPattern()
    {
        if (InternalNumbers is null)
        {
            return null;
        }

        try
        {
            return new Regex(InternalNumbers, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return new Regex(InternalNumbers, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
    }
}
