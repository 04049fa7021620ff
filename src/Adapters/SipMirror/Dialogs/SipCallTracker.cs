using Middleware.Adapters.SipMirror.Rtp;
using Middleware.Adapters.SipMirror.Sdp;
using Middleware.Adapters.SipMirror.Sip;

namespace Middleware.Adapters.SipMirror.Dialogs;

/// <summary>
/// Follows calls through the SIP a mirror sees — INVITE, 1xx, 2xx, ACK, BYE, CANCEL, failures,
/// re-INVITE/UPDATE hold, REFER transfers, forked answers — and turns them into the same Core
/// events the AMI adapter emits, keyed by Call-ID. Not thread-safe: one tracker per capture loop.
/// </summary>
public sealed partial class SipCallTracker
{
    private readonly SipCallTrackerOptions _options;
    private readonly Dictionary<string, SipCall> _calls = new(StringComparer.Ordinal);
    private readonly System.Text.RegularExpressions.Regex? _internal;

    public SipCallTracker(SipCallTrackerOptions? options = null, MediaFlowTable? flows = null)
    {
        _options = OptionsCopy.Of(options ?? new SipCallTrackerOptions());
        _internal = _options.InternalPattern();
        Flows = flows ?? new MediaFlowTable();
    }

    public SipTrackerStats Stats { get; } = new();

    public MediaFlowTable Flows { get; }

    public IEnumerable<SipCall> Calls => _calls.Values;

    public SipCall? Find(string sipCallId) => _calls.GetValueOrDefault(sipCallId);

    /// <summary>Reads one SIP message captured at <paramref name="at"/>; appends the events it makes.</summary>
    /// <param name="sourceAddress">Where the message came from: a c= address in SDP of 0.0.0.0 or a private one behind NAT is not trusted.</param>
    /// <param name="heardAt">When the mirror received it, on the clock <see cref="Sweep"/> is given; the capture time when null (a file).</param>
    public void Process(SipMessage message, DateTimeOffset at, List<SipCallEvent> output, IPAddress? sourceAddress = null, DateTimeOffset? heardAt = null)
    {
        Stats.Message();
        var heard = heardAt ?? at;
        var call = _calls.GetValueOrDefault(message.CallId);
        if (call is null)
        {
            if (message.IsRequest && message.Method == SipMethods.Invite && message.ToTag is null)
            {
                call = Start(message, at, output);
                call.LastHeard = heard;
                call.LastRefresh = (at, heard);
            }
            else
            {
                Stats.OutsideDialog();
            }

            return;
        }

        call.LastHeard = heard; // a retransmission, too, says the call is alive, and dates its last sign of life
        if (at > call.LastSignalling)
        {
            call.LastSignalling = at;
        }

        var key = (message.CSeq.Method, message.CSeq.Number, message.StatusCode, message.IsRequest ? message.FromTag : message.ToTag);
        if (!call.Seen.Add(key))
        {
            Stats.Duplicate();
            return;
        }

        if (call.IsEnded)
        {
            return; // ACKs, 200s to BYE, late retransmissions after the end: nothing more to say
        }

        if (message.IsRequest)
        {
            Request(call, message, at, output);
        }
        else
        {
            Response(call, message, at, output);
            Refreshed(call, message, at, heard);
        }
    }

    /// <summary>
    /// RFC 4028: the 2xx of an INVITE, re-INVITE or UPDATE refreshes the session and carries the
    /// interval agreed (Session-Expires, compact form x); without a refresh within it the session is over (§10).
    /// </summary>
    private static void Refreshed(SipCall call, SipMessage response, DateTimeOffset at, DateTimeOffset heard)
    {
        if (response.StatusCode is < 200 or >= 300 || (response.CSeq.Method != SipMethods.Invite && response.CSeq.Method != SipMethods.Update))
        {
            return;
        }

        call.LastRefresh = (at, heard);
        var header = response.Header("Session-Expires") ?? response.Header("x");
        var seconds = header?.Split(';')[0].Trim();
        if (int.TryParse(seconds, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var interval) && interval >= 90)
        {
            call.SessionExpires = TimeSpan.FromSeconds(interval); // 90 s is RFC 4028's floor (Min-SE)
        }
    }

    /// <summary>Marks media activity for a call (RTP seen), which keeps the silence timeout away.</summary>
    public void MediaSeen(string callId, DateTimeOffset at, DateTimeOffset? heardAt = null)
    {
        // Looked up by span: this runs for every RTP packet, and a substring per packet adds up.
        var sipCallId = callId.StartsWith(_options.CallIdPrefix, StringComparison.Ordinal) ? callId.AsSpan(_options.CallIdPrefix.Length) : callId;
        if (_calls.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(sipCallId, out var call))
        {
            // Packets of several capture points or agents arrive out of order: the last one seen is the latest, not the latest to arrive.
            call.LastMedia = call.LastMedia is { } last && last > at ? last : at;
            call.LastHeard = heardAt ?? at;
        }
    }

    /// <summary>Closes calls whose end was never seen and forgets ended ones after the linger time.</summary>
    public void Sweep(DateTimeOffset now, List<SipCallEvent> output)
    {
        List<string>? forget = null;
        foreach (var call in _calls.Values)
        {
            if (call.IsEnded)
            {
                // Counted from the last message heard, on the receiving clock: late retransmissions extend it.
                if (now - call.LastHeard > _options.EndedLinger)
                {
                    (forget ??= []).Add(call.SipCallId);
                }

                continue;
            }

            if (Expired(call, now) is { } expiry)
            {
                Stats.Timeout();
                End(call, expiry.At, expiry.Cause, null, HangupParty.System, null, null, output);
            }
        }

        foreach (var id in forget ?? [])
        {
            _calls.Remove(id);
        }

        Stats.ActiveCalls = _calls.Values.Count(c => !c.IsEnded);
    }

    /// <summary>
    /// Whether a call whose end was never seen is over by <paramref name="now"/> (the receiving
    /// clock), and the time (capture clock) and cause to end it with. Only a call whose media is
    /// mirrored can be judged by silence; one seen by its signalling alone goes quiet for its whole
    /// conversation (issue 16, item 3: a 118 s call ended at 60 s, dated to its ACK).
    /// </summary>
    private (DateTimeOffset At, string Cause)? Expired(SipCall call, DateTimeOffset now)
    {
        var silent = now - call.LastHeard;
        if (call.AnsweredAt is null)
        {
            return silent > _options.SetupTimeout ? (call.LastActivity, "timeout") : null;
        }

        if (call.LastMedia is not null && call.HeldBy is null && silent > _options.MediaSilenceTimeout)
        {
            return (call.LastActivity, "timeout");
        }

        if (call.SessionExpires is { } interval && now - call.LastRefresh.Heard > interval)
        {
            return (call.LastRefresh.At + interval, "session-expired");
        }

        return silent > _options.SignallingOnlyCeiling ? (call.LastActivity, "timeout") : null;
    }

    private SipCall Start(SipMessage invite, DateTimeOffset at, List<SipCallEvent> output)
    {
        var call = new SipCall(invite.CallId, _options.CallIdPrefix + invite.CallId, at)
        {
            CallerTag = invite.FromTag,
            InviteCSeq = invite.CSeq.Number,
        };
        call.Seen.Add((invite.CSeq.Method, invite.CSeq.Number, 0, invite.FromTag));
        _calls[call.SipCallId] = call;
        var from = SipNameAddress.ParseLenient(invite.Header(SipHeaderId.From) ?? "");
        call.CallerNumber = from.User;
        call.CalleeNumber = SipNameAddress.UserOf(invite.RequestUri ?? "") ?? SipNameAddress.ParseLenient(invite.Header(SipHeaderId.To) ?? "").User;
        var direction = Direction(call.CallerNumber, call.CalleeNumber);
        output.Add(new SipCallEvent(call.CallId, new CallStarted(call.CallerNumber, from.DisplayName, call.CalleeNumber, direction, $"SIP/{call.CallerTag}", call.SipCallId), at, invite));
        Offer(call, SipParty.Caller, invite, at, output);
        Stats.ActiveCalls++;
        return call;
    }

    private CallDirection Direction(string? caller, string? callee)
    {
        if (_internal is null)
        {
            return CallDirection.Unknown;
        }

        var fromInside = IsInternal(caller);
        var toInside = IsInternal(callee);
        return (fromInside, toInside) switch
        {
            (true, true) => CallDirection.Internal,
            (true, false) => CallDirection.Outbound,
            (false, true) => CallDirection.Inbound,
            _ => CallDirection.Unknown,
        };
    }

    private bool IsInternal(string? number)
    {
        try
        {
            return number is not null && _internal!.IsMatch(number);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return false; // a pathological number against a backtracking pattern: direction unknown rather than a stalled capture
        }
    }

    private SipParty? PartyOf(SipCall call, SipMessage request) =>
        request.FromTag is { } tag && tag == call.CallerTag ? SipParty.Caller
        : request.FromTag is { } t && t == call.CalleeTag ? SipParty.Callee
        : null;
}
