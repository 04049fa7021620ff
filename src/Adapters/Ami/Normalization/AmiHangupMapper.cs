namespace Middleware.Adapters.Ami.Normalization;

/// <summary>
/// How calls end: a leg's Hangup (the call ends with its last leg, with the Q.850 cause of the
/// caller's leg, else of that last leg), who asked for it (HangupRequest, app_queue's AgentComplete reason), and the PBX's own
/// records (Cdr, CEL LINKEDID_END) closing a call whose Hangup we never saw.
/// </summary>
internal sealed class AmiHangupMapper(AmiCallBook book)
{
    /// <summary>HangupRequest names the leg that asked to end the call, before the Hangups arrive.</summary>
    public void OnHangupRequest(in AmiMessageContext e)
    {
        if (book.ChannelOf(e.Live) is { } channel && book.CallOf(channel, e) is { } call)
        {
            call.HangupRequestedBy ??= channel.Uniqueid;
            call.LegNumbers[channel.Uniqueid] = AmiCallBook.Who(call, channel);
        }
    }

    public void OnHangup(in AmiMessageContext e)
    {
        var channel = book.ChannelOf(e.Live);
        if (channel is null || channel.HungUp)
        {
            return; // never seen, or a second Hangup for the same channel: one end per leg
        }

        channel.HungUp = true;
        book.Channels.Remove(channel.Uniqueid);
        var call = book.CallOf(channel, e);
        if (call is null)
        {
            return;
        }

        call.FirstHungUp ??= channel.Uniqueid;
        call.LegNumbers[channel.Uniqueid] = AmiCallBook.Who(call, channel);
        call.Channels.Remove(channel.Uniqueid);
        if (channel.Uniqueid == call.OriginUniqueid)
        {
            call.CallerCause = e.Live.Int("Cause");
        }

        if (call.Channels.Count == 0)
        {
            // A PBX restart hangs the caller's leg up with 16 and its Local and agent legs with 0
            // (AST_CAUSE_NOTDEFINED): the caller's leg says how the call ended.
            var code = call.CallerCause is { } callerCause and not 0 ? callerCause : e.Live.Int("Cause");
            EndCall(e, call, AmiCauses.Name(code), code, synthesized: false);
        }
    }

    /// <summary>Cdr closes a call still open (returns true); for a call already ended it stays Unmapped, the PBX's record for audit.</summary>
    public bool OnCdr(in AmiMessageContext e)
    {
        var message = e.Live;
        var callId = book.CallIdOf(message);
        if (callId is not null && book.Calls.TryGetValue(callId, out var call))
        {
            // The PBX closed its books on a call whose Hangup we never saw.
            EndCall(e, call, message["Disposition"]?.ToLowerInvariant().Replace(' ', '-') ?? "unknown", null, synthesized: false);
            return true;
        }

        return false;
    }

    /// <summary>CEL LINKEDID_END: the last channel with this Linkedid is gone.</summary>
    public void OnCel(in AmiMessageContext e)
    {
        var message = e.Live;
        if (message.Is("EventName", "LINKEDID_END") && message["LinkedID"] is { } linked && book.Calls.TryGetValue(linked, out var call))
        {
            EndCall(e, call, "unknown", null, synthesized: false);
        }
    }

    /// <summary>Ends a call once: its duration and talk time, who hung up, then the call is forgotten.</summary>
    public void EndCall(in AmiMessageContext e, AmiCall call, string cause, int? code, bool synthesized)
    {
        if (call.Ended)
        {
            return;
        }

        call.Ended = true;
        var (party, number) = WhoHungUp(call);
        var duration = Math.Max(0, (e.At - call.StartedAt).TotalSeconds);
        double? talk = call.AnsweredAt is { } answered ? Math.Max(0, (e.At - answered).TotalSeconds) : null;
        e.Emit(call.CallId, new CallEnded(cause, code, Math.Round(duration, 3), talk is null ? null : Math.Round(talk.Value, 3), party, number), synthesized);
        book.Forget(call);
    }

    /// <summary>app_queue's completion reason first, else the leg that asked to hang up, else the first leg that did.</summary>
    private static (HangupParty, string?) WhoHungUp(AmiCall call)
    {
        switch (call.CompletionReason)
        {
            case "caller":
                return (HangupParty.Caller, null);
            case "agent":
                return (HangupParty.Agent, call.AgentInterface);
        }

        var uid = call.HangupRequestedBy ?? call.FirstHungUp;
        if (uid is null)
        {
            return (HangupParty.Unknown, null);
        }

        var number = call.LegNumbers.GetValueOrDefault(uid);
        if (uid == call.OriginUniqueid)
        {
            return (HangupParty.Caller, number);
        }

        return (call.AgentLegs.Contains(uid) ? HangupParty.Agent : HangupParty.Callee, number);
    }
}
