namespace Middleware.Enrichment.Routing;

/// <summary>
/// Smart routing for the legacy ACD: the skill a queued caller needs, their priority, and the
/// available agents ranked with reasons, written back as channel variables (assist) or a redirect
/// (act) through the write-back gate; observe records what would have been written.
/// </summary>
public sealed class RoutingOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Caller numbers treated as VIP (tier "vip").</summary>
    public List<string> VipNumbers { get; set; } = [];

    /// <summary>
    /// Queue priority for VIP callers (higher is served first): QUEUE_PRIO before the caller enters
    /// Queue() (app_queue reads it only then), QueueChangePriorityCaller once the caller waits.
    /// </summary>
    public int VipPriority { get; set; } = 10;

    /// <summary>Send hints to the PBX through the write-back gate: channel variables (AI_SKILL, AI_PRIORITY, AI_AGENT, AI_REASON, QUEUE_PRIO) and QueueChangePriorityCaller.</summary>
    public bool SetChannelVariables { get; set; } = true;

    /// <summary>A reading at or below this valence (-1..1) with enough confidence asks for escalation.</summary>
    public double EscalateBelowValence { get; set; } = -0.6;

    public double EscalateMinScore { get; set; } = 0.7;

    /// <summary>Where escalations should go.</summary>
    public string SupervisorQueue { get; set; } = "supervisors";

    /// <summary>How the required skill is found: the first source that names one wins (IVR digits, intent, dialed number, queue).</summary>
    public SkillSources Skills { get; set; } = new();

    /// <summary>Each agent's skills with a level 1..5 (agent interface as the PBX names it, e.g. PJSIP/1001).</summary>
    public Dictionary<string, Dictionary<string, int>> Agents { get; set; } = new(StringComparer.Ordinal);

    public RankingWeights Weights { get; set; } = new();

    public PriorityPoints Priority { get; set; } = new();

    /// <summary>How long a suggested agent is held for the caller it was suggested to, so a second caller is not given the same one.</summary>
    public TimeSpan ReserveFor { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many ranked agents a hint lists.</summary>
    public int TopAgents { get; set; } = 3;

    /// <summary>How far back the journal is read at start to learn handle time and resolution per agent and skill.</summary>
    public TimeSpan LearnFrom { get; set; } = TimeSpan.FromDays(7);

    /// <summary>In act mode, where a queued caller with a suggested agent is redirected (null: never redirect).</summary>
    public RedirectTarget? Redirect { get; set; }
}

public sealed class SkillSources
{
    /// <summary>The caller's first IVR digit to a skill ("1": billing).</summary>
    public Dictionary<string, string> IvrDigits { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Intent (or intent category) to a skill.</summary>
    public Dictionary<string, string> Intents { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Dialed number (the product line's hotline) to a skill.</summary>
    public Dictionary<string, string> DialedNumbers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Queue to a skill; a queue not listed needs the skill of its own name.</summary>
    public Dictionary<string, string> Queues { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>How much each signal counts in an agent's score (each signal is scaled to 0..1 first).</summary>
public sealed class RankingWeights
{
    public double SkillLevel { get; set; } = 0.35;

    public double IdleTime { get; set; } = 0.2;

    /// <summary>Fewer calls handled today scores higher (load balance).</summary>
    public double LoadToday { get; set; } = 0.1;

    /// <summary>Shorter handle time on this skill, learned from the journal, scores higher.</summary>
    public double HandleTime { get; set; } = 0.15;

    /// <summary>More calls of this skill resolved (no ticket needed), learned from the journal.</summary>
    public double Resolution { get; set; } = 0.2;

    /// <summary>Idle this long or more counts fully.</summary>
    public TimeSpan IdleCap { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Points added to a queued caller's priority.</summary>
public sealed class PriorityPoints
{
    public int EscalationRisk { get; set; } = 5;

    public int RepeatCaller { get; set; } = 3;

    public double PerMinuteWaited { get; set; } = 1;

    public int Max { get; set; } = 20;

    /// <summary>A caller calling again within this long is a repeat caller.</summary>
    public TimeSpan RepeatWithin { get; set; } = TimeSpan.FromDays(3);
}

public sealed class RedirectTarget
{
    public string Context { get; set; } = "ai-route";

    public string Exten { get; set; } = "s";

    public int Priority { get; set; } = 1;
}
