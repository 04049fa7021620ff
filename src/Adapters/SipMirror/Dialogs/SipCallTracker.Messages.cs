using Middleware.Adapters.SipMirror.Sdp;
using Middleware.Adapters.SipMirror.Sip;

namespace Middleware.Adapters.SipMirror.Dialogs;

public sealed partial class SipCallTracker
{
    private void Request(SipCall call, SipMessage request, DateTimeOffset at, List<SipCallEvent> output)
    {
        var method = request.Method;
        if (method == SipMethods.Cancel && call.AnsweredAt is null)
        {
            End(call, at, "cancelled", 16, HangupParty.Caller, call.CallerNumber, request, output);
            return;
        }

        // Requests inside the dialog must carry its tags; those from another fork's dialog are not this call's.
        var party = PartyOf(call, request);
        if (party is null || (call.CalleeTag is not null && request.ToTag is not null && request.ToTag != call.CalleeTag && request.ToTag != call.CallerTag))
        {
            Stats.OutsideDialog();
            return;
        }

        if (method == SipMethods.Bye)
        {
            var cause = SipCauses.FromReasonHeader(request.Header(SipHeaderId.Reason)) ?? 16;
            var by = party == SipParty.Caller ? HangupParty.Caller : HangupParty.Callee;
            End(call, at, cause == 16 ? "normal-clearing" : $"q850-{cause}", cause, by, call.NumberOf(party.Value), request, output);
        }
        else if ((method == SipMethods.Invite || method == SipMethods.Update) && request.ToTag is not null)
        {
            Offer(call, party.Value, request, at, output);
        }
        else if (method == SipMethods.Refer && request.Header(SipHeaderId.ReferTo) is { } referTo)
        {
            var target = SipNameAddress.ParseLenient(referTo);
            var replaces = ReplacesCallId(target.Uri);
            call.PendingRefers[request.CSeq.Number] = (party.Value, SipNameAddress.UserOf(target.Uri) ?? target.Uri, replaces);
        }
    }

    private void Response(SipCall call, SipMessage response, DateTimeOffset at, List<SipCallEvent> output)
    {
        var status = response.StatusCode;
        if (response.CSeq.Method == SipMethods.Refer && call.PendingRefers.Remove(response.CSeq.Number, out var refer))
        {
            if (status is >= 200 and < 300)
            {
                var kind = refer.ReplacesCallId is null ? TransferKind.Blind : TransferKind.Attended;
                var target = refer.ReplacesCallId is null ? null : _options.CallIdPrefix + refer.ReplacesCallId;
                output.Add(new SipCallEvent(call.CallId, new CallTransferred(kind, refer.Target, call.NumberOf(refer.By), target, "accepted"), at, response));
            }

            return;
        }

        if (response.CSeq.Method != SipMethods.Invite)
        {
            return;
        }

        var initial = response.CSeq.Number == call.InviteCSeq && call.AnsweredAt is null;
        if (initial && status is 180 or 183 && !call.Ringing)
        {
            call.Ringing = true;
            output.Add(new SipCallEvent(call.CallId, new CallRinging(call.CalleeNumber, $"SIP/{response.ToTag}"), at, response));
        }
        else if (initial && status is >= 200 and < 300)
        {
            call.CalleeTag = response.ToTag;
            call.AnsweredAt = at;
            var answeredBy = SipNameAddress.ParseLenient(response.Header(SipHeaderId.Contact) ?? response.Header(SipHeaderId.To) ?? "").User ?? call.CalleeNumber;
            output.Add(new SipCallEvent(call.CallId, new CallAnswered(answeredBy, $"SIP/{response.ToTag}"), at, response));
            Offer(call, SipParty.Callee, response, at, output);
        }
        else if (response.CSeq.Number == call.InviteCSeq && call.AnsweredAt is not null && status is >= 200 and < 300 && response.ToTag != call.CalleeTag)
        {
            Stats.ForkedAnswer(); // a second fork answered too; the caller will BYE it, this call stays with the first
        }
        else if (initial && status >= 300)
        {
            var (cause, q850) = SipCauses.FromStatus(status);
            var by = status == 487 ? HangupParty.Caller : status is 408 or >= 500 and < 600 ? HangupParty.System : HangupParty.Callee;
            End(call, at, cause, q850, by, by == HangupParty.Caller ? call.CallerNumber : call.CalleeNumber, response, output);
        }
        else if (!initial && status is >= 200 and < 300 && response.ToTag is not null)
        {
            // The answer to a re-INVITE: the answering side's new media address.
            var answerer = response.ToTag == call.CalleeTag ? SipParty.Callee : SipParty.Caller;
            RegisterMedia(call, answerer, response);
        }
    }

    /// <summary>An offer (or answer) with SDP from one party: new media addresses, and hold or resume when it is a re-offer.</summary>
    private void Offer(SipCall call, SipParty party, SipMessage message, DateTimeOffset at, List<SipCallEvent> output)
    {
        var sdp = RegisterMedia(call, party, message);
        if (sdp?.Audio is not { } audio || message.StatusCode != 0 || call.AnsweredAt is null || message.ToTag is null)
        {
            return;
        }

        if (audio.IsHold && call.HeldBy is null)
        {
            call.HeldBy = party;
            output.Add(new SipCallEvent(call.CallId, new CallHeld(call.NumberOf(Other(party)), $"SIP/{message.FromTag}"), at, message));
        }
        else if (!audio.IsHold && call.HeldBy == party)
        {
            call.HeldBy = null;
            output.Add(new SipCallEvent(call.CallId, new CallResumed(call.NumberOf(Other(party)), $"SIP/{message.FromTag}"), at, message));
        }
    }

    private SdpSession? RegisterMedia(SipCall call, SipParty party, SipMessage message)
    {
        if (message.Body.IsEmpty || message.ContentType is not { } type || !type.StartsWith("application/sdp", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var sdp = SdpParser.Parse(message.Body.Span, out _);
        if (sdp?.Audio is { } audio && audio.ConnectionAddress is { } address && IPAddress.TryParse(address, out var ip) && !ip.Equals(IPAddress.Any))
        {
            Flows.Register(call.CallId, party, new IPEndPoint(ip, audio.Port), audio);
        }

        if (party == SipParty.Caller)
        {
            call.CallerSdp = sdp ?? call.CallerSdp;
        }
        else
        {
            call.CalleeSdp = sdp ?? call.CalleeSdp;
        }

        return sdp;
    }

    private void End(SipCall call, DateTimeOffset at, string cause, int? q850, HangupParty by, string? byNumber, SipMessage? source, List<SipCallEvent> output)
    {
        call.EndedAt = at;
        var duration = (at - call.StartedAt).TotalSeconds;
        double? talk = call.AnsweredAt is { } answered ? (at - answered).TotalSeconds : null;
        output.Add(new SipCallEvent(call.CallId, new CallEnded(cause, q850, Math.Max(0, duration), talk, by, byNumber), at, source));
        Flows.RemoveCall(call.CallId);
        Stats.ActiveCalls--;
    }

    /// <summary>The Call-ID in a Refer-To's `?Replaces=callid%3Bto-tag...` (attended transfer), unescaped; null when blind.</summary>
    private static string? ReplacesCallId(string uri)
    {
        var q = uri.IndexOf('?');
        if (q < 0)
        {
            return null;
        }

        foreach (var header in uri[(q + 1)..].Split('&'))
        {
            var eq = header.IndexOf('=');
            if (eq > 0 && header[..eq].Equals("Replaces", StringComparison.OrdinalIgnoreCase))
            {
                var value = Uri.UnescapeDataString(header[(eq + 1)..]);
                var semi = value.IndexOf(';');
                return semi < 0 ? value : value[..semi];
            }
        }

        return null;
    }

    private static SipParty Other(SipParty party) => party == SipParty.Caller ? SipParty.Callee : SipParty.Caller;
}
