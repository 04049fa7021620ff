namespace Middleware.Enrichment.Routing;

/// <summary>
/// The skill a queued caller needs, from the most specific thing known: what they pressed in the
/// IVR, what they said (intent), which product line's number they dialed, then the queue itself.
/// </summary>
public sealed class SkillResolver(SkillSources sources)
{
    private readonly Dictionary<string, string> _digits = new(sources.IvrDigits, StringComparer.Ordinal);
    private readonly Dictionary<string, string> _intents = new(sources.Intents, StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _dialed = new(sources.DialedNumbers, StringComparer.Ordinal);
    private readonly Dictionary<string, string> _queues = new(sources.Queues, StringComparer.OrdinalIgnoreCase);

    public (string Skill, string Reason, ReasonCode Code) Resolve(CallSnapshot call, string queue)
    {
        if (call.Dtmf.Length > 0 && _digits.TryGetValue(call.Dtmf[..1], out var byDigit))
        {
            return (byDigit, $"needs {byDigit}: pressed {call.Dtmf[0]} in the IVR", ReasonCode.Of(ReasonCodes.SkillByDigit, ("skill", byDigit), ("digit", call.Dtmf[..1])));
        }

        if (call.Intent is { } intent && (_intents.TryGetValue(intent.Intent, out var byIntent) || (intent.Category is { } c && _intents.TryGetValue(c, out byIntent))))
        {
            return (byIntent, $"needs {byIntent}: caller's intent {intent.Intent}", ReasonCode.Of(ReasonCodes.SkillByIntent, ("skill", byIntent), ("intent", intent.Intent)));
        }

        if (call.DialedNumber is { } dialed && _dialed.TryGetValue(dialed, out var byLine))
        {
            return (byLine, $"needs {byLine}: dialed the {byLine} line {dialed}", ReasonCode.Of(ReasonCodes.SkillByLine, ("skill", byLine), ("dialed", dialed)));
        }

        var skill = _queues.GetValueOrDefault(queue, queue);
        return (skill, $"needs {skill}: queued in {queue}", ReasonCode.Of(ReasonCodes.SkillByQueue, ("skill", skill), ("queue", queue)));
    }
}
