namespace Middleware.Enrichment.Routing;

public sealed class RoutingOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Caller numbers served first (until the CRM lookup provides tiers).</summary>
    public List<string> VipNumbers { get; set; } = [];

    /// <summary>
    /// Queue priority for VIP callers (higher is served first): QUEUE_PRIO before the caller enters
    /// Queue() (app_queue reads it only then), QueueChangePriorityCaller once the caller waits.
    /// </summary>
    public int VipPriority { get; set; } = 10;

    /// <summary>Send hints to the PBX through the write-back gate: channel variables (MW_HINT, MW_SUGGESTED_AGENT, QUEUE_PRIO) and QueueChangePriorityCaller.</summary>
    public bool SetChannelVariables { get; set; } = true;

    /// <summary>A reading at or below this valence (-1..1) with enough confidence asks for escalation.</summary>
    public double EscalateBelowValence { get; set; } = -0.6;

    public double EscalateMinScore { get; set; } = 0.7;

    /// <summary>Where escalations should go.</summary>
    public string SupervisorQueue { get; set; } = "supervisors";
}
