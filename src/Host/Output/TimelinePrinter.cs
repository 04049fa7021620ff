namespace Middleware.Host.Output;

/// <summary>
/// A call's story in readable lines: what the PBX did, and what the middleware decided (★). Every
/// line goes out through <see cref="TerminalText.Escape"/>: names and numbers are the caller's.
/// </summary>
public static class TimelinePrinter
{
    public static void Print(TextWriter output, string callId, IReadOnlyList<EventEnvelope> events)
    {
        var started = events.Select(e => e.Payload).OfType<CallStarted>().FirstOrDefault();
        if (started is null && events.Select(e => e.Payload).OfType<IvrSessionStarted>().FirstOrDefault() is { } ivr)
        {
            // A FastAGI session whose call the PBX's AMI did not show (or not yet): told as a session.
            var end = events.Select(e => e.Payload).OfType<IvrSessionEnded>().FirstOrDefault();
            output.WriteLine();
            Line(output, $"━━ IVR session {callId} · {ivr.CallerNumber} on {ivr.Channel} · {ivr.Application} · {end?.Outcome ?? "in progress"}");
            foreach (var e in events)
            {
                Line(output, $"  {e.OccurredAt.ToLocalTime():HH:mm:ss.fff}  {e.Kind,-22} {Describe(e)}");
            }

            return;
        }

        var ended = events.Select(e => e.Payload).OfType<CallEnded>().FirstOrDefault();
        var agent = events.Select(e => e.Payload).OfType<AgentConnected>().LastOrDefault();
        var queue = events.Select(e => e.Payload).OfType<CallQueued>().FirstOrDefault()?.Queue;
        var outcome = events.Select(e => e.Payload).OfType<CallDequeued>().FirstOrDefault()?.Reason switch
        {
            DequeueReason.Abandoned => "abandoned",
            DequeueReason.Timeout => "queue timed out",
            _ when agent is not null => $"answered by {agent.AgentName ?? agent.Agent}",
            _ => ended is null ? "in progress" : "not answered",
        };
        output.WriteLine();
        Line(output, $"━━ Call {callId} · {started?.CallerNumber ?? "?"} {started?.CallerName} → {started?.DialedNumber ?? "?"} · {started?.Direction.ToString().ToLowerInvariant()}" +
            $"{(queue is null ? "" : " · " + queue)} · {outcome}{(ended is null ? "" : $" · {ended.DurationSeconds:0} s")}");
        foreach (var e in events)
        {
            var decision = e.Payload.IsDecision;
            Line(output, $"  {e.OccurredAt.ToLocalTime():HH:mm:ss.fff}  {(e.Kind + (decision ? " ★" : "")),-22} {Describe(e)}");
        }
    }

    public static string Describe(EventEnvelope e) => e.Payload switch
    {
        CallStarted s => $"{s.CallerNumber} \"{s.CallerName}\" dialed {s.DialedNumber} ({s.Channel}){Flag(e)}",
        CallRinging r => $"ringing {r.Number} ({r.Channel})",
        CallAnswered { ByDialplan: true } a => $"answered by the PBX ({a.AnsweredBy}, {a.Channel})",
        CallAnswered a => $"answered by {a.AnsweredBy} ({a.Channel})",
        CallDetailsChanged d => $"now {d.CallerNumber} \"{d.CallerName}\"{(d.DialedNumber is null ? "" : $" dialing {d.DialedNumber}")}{(d.SipCallId is null ? "" : $" sip {d.SipCallId}")}",
        CallQueued q => $"{q.Queue}, position {q.Position}{Flag(e)}",
        CallDequeued d => $"{d.Queue}: {d.Reason.ToString().ToLowerInvariant()} after {d.WaitSeconds:0} s",
        AgentRinging r => $"{r.AgentName ?? r.Agent} ({r.Agent}) rings",
        AgentConnected c => $"{c.AgentName ?? c.Agent} ({c.Agent}) connected after {c.WaitSeconds} s wait, {c.RingSeconds:0.#} s ring",
        AgentStateChanged a => $"{a.AgentName ?? a.Agent} {a.Change}{(a.Reason is null ? "" : $" ({a.Reason})")}",
        CallHeld h => $"{h.Party} on hold",
        CallResumed r => $"{r.Party} back from hold",
        CallTransferred t => $"{t.Transfer.ToString().ToLowerInvariant()} transfer to {t.Target} by {t.TransferredBy} ({t.Result})",
        DtmfReceived d => $"digit {d.Digit}",
        MediaQuality q => string.Create(CultureInfo.InvariantCulture, $"{q.Leg} audio {q.Codec}: {q.Packets} packets, {q.Lost} lost, jitter {q.JitterMs:0.0} ms, MOS {q.Mos:0.00}"),
        CallEnded c => $"{c.Cause} by {c.HungUpBy.ToString().ToLowerInvariant()} after {c.DurationSeconds:0.0} s" +
            (c.TalkSeconds is { } talk ? string.Create(CultureInfo.InvariantCulture, $" (talk {talk:0.0} s)") : "") + Flag(e),
        RoutingHint h => $"{h.Action}{(h.SuggestedAgent is null ? "" : " " + h.SuggestedAgent)}{(h.Priority > 0 ? $" priority {h.Priority}" : "")} · {string.Join("; ", h.Reasons)}",
        TicketDraft t => $"[{t.Priority}] {t.Title} · due {t.SlaDueAt?.ToLocalTime():HH:mm} · {t.Summary}",
        TicketStatusChanged s => $"ticket {s.TicketId}{(s.Crm is null ? "" : " in " + s.Crm)}: {s.PreviousStatus ?? "?"} → {s.Status} ({s.Via})",
        QaFinding f => $"[{f.Severity}] {f.Rule}: {f.Message}",
        QaScored q => string.Create(CultureInfo.InvariantCulture, $"QA {q.Total:0} ({q.RuleSet}){(q.Exemplary ? " · exemplary" : "")} · {string.Join(", ", q.Dimensions.Select(d => $"{d.Key} {d.Value:0}"))}"),
        WriteBackRequested w => $"{w.Target} {w.Action} {string.Join(" ", w.Parameters.Select(p => $"{p.Key}={p.Value}"))} ({w.Mode.ToString().ToLowerInvariant()} mode)",
        WriteBackCompleted w => $"{w.Target} {w.Action} done: {w.Result} ({w.Attempts} attempt(s))",
        WriteBackFailed w => $"{w.Target} {w.Action} failed: {w.Error} ({w.Attempts} attempt(s))",
        WriteBackSkipped w => $"{w.Target} {w.Action} not sent: {w.Reason}",
        TranscriptSegment t => $"{t.Speaker}: {t.Text}",
        EmotionReading em => string.Create(CultureInfo.InvariantCulture, $"{em.Speaker} {em.Emotion} {em.Score:0.00} (valence {em.Valence:0.00}{(em.DecidedBy is null ? "" : ", by " + em.DecidedBy)}){(em.CallEmotion is null ? "" : $" · call {em.CallEmotion}")}"),
        IntentDetected i => string.Create(CultureInfo.InvariantCulture, $"{i.Intent} {i.Confidence:0.00}{(i.Keywords is { Count: > 0 } k ? " · " + string.Join(", ", k) : "")}"),
        EscalationRisk r => r.Reason,
        Unmapped u => $"{u.Protocol} {u.Name} ({u.Fields.Count} fields)",
        SourceGap g => $"not heard from {g.From:HH:mm:ss} to {g.To:HH:mm:ss}: {g.Reason}",
        EnricherFailed f => $"{f.Enricher} failed on {f.FailedKind}: {f.Error}",
        IvrSessionStarted s => $"{s.Application} for {s.CallerNumber} on {s.Channel} ({s.Language})",
        IvrStep s => $"{s.Step}: {s.Action}{(s.Detail is null ? "" : " · " + s.Detail)}",
        IvrSessionEnded s => $"{s.Application} {s.Outcome}{(s.Result is null ? "" : $" (IVR_RESULT={s.Result})")} after {s.Commands} command(s), {s.DurationSeconds:0.0} s{(s.Error is null ? "" : " · " + s.Error)}",
        DialAttemptPlaced d => $"{d.Campaign}: dialing {d.Number} (contact {d.ContactId}, attempt {d.Attempt}, {d.Pacing} ratio {d.DialRatio:0.00})",
        DialAttemptEnded d => $"{d.Campaign}: {d.Number} {d.Outcome}{(d.Agent is null ? "" : " with " + d.Agent)}{(d.TalkSeconds is { } t ? $" talk {t:0} s" : "")}",
        AmdResult a => $"AMD: {a.Status}",
        CampaignStateChanged c => $"campaign {c.Campaign} {c.State} ({c.Contacts} contact(s)){(c.Detail is null ? "" : " · " + c.Detail)}",
        _ => e.Kind,
    };

    private static void Line(TextWriter output, string line) => output.WriteLine(TerminalText.Escape(line));

    private static string Flag(EventEnvelope e) => e.Synthesized ? " [resync]" : "";
}
