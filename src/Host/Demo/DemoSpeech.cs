namespace Middleware.Host.Demo;

/// <summary>
/// What the middleware heard on the calls the sample SBC mirrored: the mirror calls' final transcript
/// segments, emotions, intents and escalations (told in their PBX call's timeline), and whether every
/// mirrored conversation was joined to its PBX call and heard on both legs.
/// </summary>
public sealed record DemoSpeech(IReadOnlyList<EventEnvelope> Heard, int MirrorCalls, int Joined, int CallerSegments, int AgentSegments,
    int Emotions, int Intents, int Escalations, IReadOnlyList<string> Unheard)
{
    /// <summary>An event of a call the sample SBC mirrored (its SIP, media and what was heard on it).</summary>
    public static bool IsMirror(EventEnvelope e) => e.CallId?.StartsWith(DemoEnvironment.MirrorSource + ":", StringComparison.Ordinal) == true;

    public static DemoSpeech From(IReadOnlyList<EventEnvelope> journal, IReadOnlyDictionary<string, string> joins)
    {
        var mirror = journal.Where(IsMirror).ToList();
        var heard = mirror.Where(e => e.Payload is TranscriptSegment { IsFinal: true } or EmotionReading or IntentDetected or EscalationRisk).ToList();
        var calls = mirror.Where(e => e.Payload is CallStarted).Select(e => e.CallId!).Distinct().ToList();
        var unheard = calls.Where(c => !Spoke(c, Speaker.Caller) || !Spoke(c, Speaker.Agent)).ToList();
        return new DemoSpeech(heard, calls.Count, calls.Count(joins.ContainsKey),
            Segments(Speaker.Caller), Segments(Speaker.Agent), Count<EmotionReading>(), Count<IntentDetected>(), Count<EscalationRisk>(), unheard);

        bool Spoke(string call, Speaker who) => heard.Any(e => e.CallId == call && e.Payload is TranscriptSegment t && t.Speaker == who);
        int Segments(Speaker who) => heard.Count(e => e.Payload is TranscriptSegment t && t.Speaker == who);
        int Count<T>() => heard.Count(e => e.Payload is T);
    }

    /// <summary>Why the speech side of the demo did not do what it should, if it did not.</summary>
    public IEnumerable<string> Problems(int conversations)
    {
        if (MirrorCalls != conversations)
        {
            yield return $"speech: the SBC mirrored {conversations} conversation(s), the middleware saw {MirrorCalls} mirror call(s)";
        }

        if (Joined != MirrorCalls)
        {
            yield return $"speech: {MirrorCalls - Joined} of {MirrorCalls} mirror call(s) were not joined to their PBX call";
        }

        if (Unheard.Count > 0)
        {
            yield return $"speech: no words on both legs of {string.Join(", ", Unheard)}";
        }
    }

    public override string ToString() =>
        $"{MirrorCalls} mirrored call(s), {Joined} joined to their PBX call; {CallerSegments} caller and {AgentSegments} agent segment(s) transcribed; " +
        $"{Emotions} emotion reading(s), {Intents} intent(s), {Escalations} escalation(s)";
}
