using Middleware.Core.Numbers;

namespace Middleware.Core.CallState;

/// <summary>
/// Pairs a mirror call with a PBX call when either starts: by SIP Call-ID where the PBX exposes it,
/// else by caller number within the window (the closest start wins). One lock for all pairing, so a
/// call is never joined twice.
/// </summary>
internal sealed class CallJoiner(CallJoinOptions options)
{
    private readonly Lock _gate = new();

    public bool Enabled => options.MirrorSources.Count > 0;

    public bool IsMirror(LiveCall call) => options.MirrorSources.Contains(call.Source);

    /// <summary>
    /// The call <paramref name="call"/> was joined to (mirror first, PBX second), or null. A PBX
    /// call may be joined by several mirror calls through its legs' SIP Call-IDs (the caller's trunk
    /// dialog, the PBX's dialog to the agent's phone): each is one real call's leg, not a call of its
    /// own. The PBX call keeps the first it was joined with.
    /// </summary>
    public (LiveCall Mirror, LiveCall Pbx)? TryJoin(LiveCall call, IEnumerable<LiveCall> calls)
    {
        lock (_gate)
        {
            var mirror = IsMirror(call);
            if (call.JoinedCallId is not null && mirror)
            {
                return null;
            }

            LiveCall? best = null;
            var bestGap = TimeSpan.MaxValue;
            foreach (var other in calls)
            {
                if (other == call || IsMirror(other) == mirror || other.IsEnded)
                {
                    continue;
                }

                var (mirrorSide, pbxSide) = mirror ? (call, other) : (other, call);
                if (mirrorSide.JoinedCallId is null && mirrorSide.SipCallId is { } id && pbxSide.SipCallIds.Contains(id))
                {
                    best = other;
                    mirrorSide.JoinedBy = "sip-call-id";
                    pbxSide.JoinedBy ??= "sip-call-id";
                    break;
                }

                if (call.JoinedCallId is not null || other.JoinedCallId is not null)
                {
                    continue; // by number only one to one: two calls from one number are two calls
                }

                var gap = (other.StartedAt - call.StartedAt).Duration();
                if (gap <= options.Window && gap < bestGap && PhoneNumber.Same(call.CallerNumber, other.CallerNumber))
                {
                    (best, bestGap) = (other, gap);
                }
            }

            if (best is null)
            {
                return null;
            }

            var (m, p) = mirror ? (call, best) : (best, call);
            if (m.JoinedBy is null)
            {
                m.JoinedBy = p.JoinedBy = "caller-number";
            }

            m.JoinedCallId = p.CallId;
            p.JoinedCallId ??= m.CallId;
            return (m, p);
        }
    }
}
