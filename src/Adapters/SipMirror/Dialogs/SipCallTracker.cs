using System.Net;
using Middleware.Adapters.SipMirror.Rtp;
using Middleware.Adapters.SipMirror.Sdp;
using Middleware.Adapters.SipMirror.Sip;
using Middleware.Core.Events;

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
        _options = (options ?? new SipCallTrackerOptions()).Clone();
        _internal = _options.InternalPattern();
        Flows = flows ?? new MediaFlowTable();
    }

    public SipTrackerStats Stats { get; } = new();

    public MediaFlowTable Flows { get; }

    public IEnumerable<SipCall> Calls => _calls.Values;

    public SipCall? Find(string sipCallId) => _calls.GetValueOrDefault(sipCallId);

    /// <summary>Reads one SIP message captured at <paramref name="at"/>; appends the events it makes.</summary>
    /// <param name="sourceAddress">Where the message came from: a c= address in SDP of 0.0.0.0 or a private one behind NAT is not trusted.</param>
    public void Process(SipMessage message, DateTimeOffset at, List<SipCallEvent> output, IPAddress? sourceAddress = null)
    {
        Stats.Message();
        var call = _calls.GetValueOrDefault(message.CallId);
        if (call is null)
        {
            if (message.IsRequest && message.Method == SipMethods.Invite && message.ToTag is null)
            {
                call = Start(message, at, output);
            }
            else
            {
                Stats.OutsideDialog();
            }

            return;
        }

        var key = (message.CSeq.Method, message.CSeq.Number, message.StatusCode, message.IsRequest ? message.FromTag : message.ToTag);
        if (!call.Seen.Add(key))
        {
            Stats.Duplicate();
            return;
        }

        call.LastSignalling = at;
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
        }
    }

    /// <summary>Marks media activity for a call (RTP seen), which keeps the silence timeout away.</summary>
    public void MediaSeen(string callId, DateTimeOffset at)
    {
        // Looked up by span: this runs for every RTP packet, and a substring per packet adds up.
        var sipCallId = callId.StartsWith(_options.CallIdPrefix, StringComparison.Ordinal) ? callId.AsSpan(_options.CallIdPrefix.Length) : callId;
        if (_calls.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(sipCallId, out var call))
        {
            call.LastMedia = at;
        }
    }

    /// <summary>Closes calls whose end was never seen and forgets ended ones after the linger time.</summary>
    public void Sweep(DateTimeOffset now, List<SipCallEvent> output)
    {
        List<string>? forget = null;
        foreach (var call in _calls.Values)
        {
            if (call.EndedAt is { } ended)
            {
                if (now - ended > _options.EndedLinger)
                {
                    (forget ??= []).Add(call.SipCallId);
                }

                continue;
            }

            var silent = now - call.LastActivity;
            if (call.AnsweredAt is not null ? silent > _options.MediaSilenceTimeout : silent > _options.SetupTimeout)
            {
                Stats.Timeout();
                End(call, call.LastActivity, "timeout", null, HangupParty.System, null, null, output);
            }
        }

        foreach (var id in forget ?? [])
        {
            _calls.Remove(id);
        }

        Stats.ActiveCalls = _calls.Values.Count(c => !c.IsEnded);
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
