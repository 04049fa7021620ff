namespace Middleware.Core.CallState;

/// <summary>
/// Folds one event into one call: its signalling (start, ringing, answer, queue, agent, hold,
/// transfer, DTMF, end), the decisions taken on it (hints, tickets, write-backs) and what its media
/// told (transcript, emotion, intent, QA, quality). Runs under the call's <see cref="LiveCall.StateLock"/>;
/// queues and agents are the <see cref="AcdFold"/>'s.
/// </summary>
internal static class CallFold
{
    /// <returns>False when the event changes nothing: the second end of a call already ended.</returns>
    public static bool Apply(LiveCall call, EventEnvelope e)
    {
        call.LastEventAt = e.OccurredAt;
        call.Synthesized |= e.Synthesized && e.Payload is CallStarted;
        switch (e.Payload)
        {
            case CallStarted s:
                call.Signalled = true;
                call.StartedAt = e.OccurredAt < call.StartedAt ? e.OccurredAt : call.StartedAt;
                call.CallerNumber = s.CallerNumber ?? call.CallerNumber;
                call.CallerName = s.CallerName ?? call.CallerName;
                call.DialedNumber = s.DialedNumber ?? call.DialedNumber;
                call.Direction = s.Direction;
                call.AddSipCallId(s.SipCallId);
                call.AddLeg(s.Channel);
                break;
            case CallDetailsChanged d:
                call.CallerNumber = d.CallerNumber ?? call.CallerNumber;
                call.CallerName = d.CallerName ?? call.CallerName;
                call.DialedNumber = d.DialedNumber ?? call.DialedNumber;
                call.Direction = d.Direction ?? call.Direction;
                call.AddSipCallId(d.SipCallId);
                break;
            case CallAnswered { ByDialplan: true }:
                break; // the PBX answered (IVR, Echo()); the call is answered when a party takes it
            case CallRinging r:
                call.AddLeg(r.Channel);
                break;
            case CallAnswered a:
                call.AnsweredAt ??= e.OccurredAt;
                if (call.Phase is CallPhase.Ringing)
                {
                    call.Phase = CallPhase.Connected;
                }

                call.AddLeg(a.Channel);
                break;
            case CallQueued q:
                call.Queue = q.Queue;
                call.QueuedAt ??= e.OccurredAt;
                call.Phase = CallPhase.Queued;
                break;
            case AgentConnected ac:
                call.Agent = ac.Agent;
                call.AgentName = ac.AgentName ?? call.AgentName;
                call.AnsweredAt ??= e.OccurredAt;
                call.Phase = CallPhase.Connected;
                break;
            case CallHeld:
                call.Phase = CallPhase.Held;
                call.Holds++;
                break;
            case CallResumed:
                if (call.Phase == CallPhase.Held)
                {
                    call.Phase = CallPhase.Connected;
                }

                break;
            case CallTransferred:
                call.Transfers++;
                break;
            case DtmfReceived { Party: not Speaker.Agent } d:
                // The caller's keys (IVR choices, account numbers); an agent's feature codes are not the caller's input.
                call.AddDtmf(d.Digit);
                break;
            case CallEnded end:
                return End(call, end, e.OccurredAt);
            case IvrSessionEnded ivr when !call.Signalled:
                // A FastAGI session whose call no PBX source reported (AGI wired without AMI): the session
                // is all there is of the call, so its end ends it (else it would ring on the board forever).
                return End(call, new CallEnded("ivr-" + ivr.Outcome, 16, ivr.DurationSeconds, null, HangupParty.Unknown), e.OccurredAt);
            default:
                ApplyDecision(call, e.Payload);
                ApplyMediaFact(call, e.Payload);
                break;
        }

        return true;
    }

    /// <summary>
    /// What the audio told (transcript, emotion, intent, QA findings, quality): applied to the call
    /// itself, and what a mirror call passes to its PBX call (the PBX reports the signalling itself).
    /// </summary>
    public static void ApplyMediaFact(LiveCall call, CallCenterEvent fact)
    {
        switch (fact)
        {
            case TranscriptSegment t:
                call.AddTranscript(t);
                break;
            case EmotionReading em:
                call.Emotion = em;
                break;
            case IntentDetected i:
                call.Intent = i;
                break;
            case MediaQuality q:
                call.SetQuality(q);
                break;
            case QaFinding f:
                call.AddFinding(f);
                break;
            case QaScored q:
                call.Qa = q;
                break;
        }
    }

    /// <summary>Decisions taken on the call: routing hints, ticket drafts and each write-back's latest outcome.</summary>
    private static void ApplyDecision(LiveCall call, CallCenterEvent decision)
    {
        switch (decision)
        {
            case RoutingHint h:
                call.AddHint(h);
                break;
            case TicketDraft t:
                call.AddTicket(t);
                break;
            case WriteBackRequested w:
                call.SetWriteBack(new WriteBackStatus(w.RequestId, w.Target, w.Action, "requested", w.Reason));
                break;
            case WriteBackOutcome w:
                call.SetWriteBack(new WriteBackStatus(w.RequestId, w.Target, w.Action, w.Outcome, w.Detail));
                break;
        }
    }

    private static bool End(LiveCall call, CallEnded end, DateTimeOffset at)
    {
        if (call.IsEnded)
        {
            return false;
        }

        call.Phase = CallPhase.Ended;
        call.EndedAt = at;
        call.EndCause = end.Cause;
        call.HungUpBy = end.HungUpBy;
        return true;
    }
}
