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

    /// <summary>The call <paramref name="call"/> was joined to (mirror first, PBX second), or null.</summary>
    public (LiveCall Mirror, LiveCall Pbx)? TryJoin(LiveCall call, IEnumerable<LiveCall> calls)
    {
        lock (_gate)
        {
            if (call.JoinedCallId is not null)
            {
                return null;
            }

            var mirror = IsMirror(call);
            LiveCall? best = null;
            var bestGap = TimeSpan.MaxValue;
            foreach (var other in calls)
            {
                if (other == call || other.JoinedCallId is not null || IsMirror(other) == mirror || other.IsEnded)
                {
                    continue;
                }

                if (call.SipCallId is { } id && other.SipCallId == id)
                {
                    best = other;
                    call.JoinedBy = other.JoinedBy = "sip-call-id";
                    break;
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

            if (call.JoinedBy is null)
            {
                call.JoinedBy = best.JoinedBy = "caller-number";
            }

            call.JoinedCallId = best.CallId;
            best.JoinedCallId = call.CallId;
            return mirror ? (call, best) : (best, call);
        }
    }
}
