namespace Middleware.Enrichment.Ticketing;

/// <summary>
/// When a call needs a ticket (decided at hangup), how it is filed (category, department,
/// priority) and how soon it is due (by category and customer tier). Every key is checked when the
/// config loads: an unknown one is reported as file:line:column: key and the process exits 2.
/// </summary>
public sealed class TicketingOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Callers treated as VIP (tier "vip") until the CRM's lookup tells their tier.</summary>
    public List<string> VipNumbers { get; set; } = [];

    /// <summary>How soon a ticket is due when no <see cref="Sla"/> rule matches.</summary>
    public TimeSpan CallbackSla { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How soon a VIP's ticket is due when no <see cref="Sla"/> rule matches.</summary>
    public TimeSpan VipCallbackSla { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The CRM (a crm[].name) drafts are written to as tickets; null keeps them as drafts in the journal.</summary>
    public string? CrmTarget { get; set; }

    /// <summary>What makes a call need a ticket; any one is enough.</summary>
    public TicketTriggerOptions When { get; set; } = new();

    /// <summary>A caller calling again within this long is a repeat caller.</summary>
    public TimeSpan RepeatWithin { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Category rules, first match wins; a call no rule matches is filed under <see cref="DefaultCategory"/>.</summary>
    public List<TicketCategoryRule> Categories { get; set; } =
    [
        new() { Name = "callback", Department = "service", Abandoned = true },
    ];

    public TicketCategoryRule DefaultCategory { get; set; } = new() { Name = "general", Department = "service" };

    /// <summary>Due times by category and tier, first match wins ("*" matches any).</summary>
    public List<SlaRule> Sla { get; set; } = [];

    /// <summary>Each of these raises the priority one step (low, normal, high, urgent): escalation_risk, vip, repeat_caller.</summary>
    public List<string> RaisePriorityOn { get; set; } = ["escalation_risk", "vip", "repeat_caller"];

    /// <summary>Transcript sentences kept in the extractive summary.</summary>
    public int SummarySentences { get; set; } = 3;

    /// <summary>Length of the (redacted) transcript excerpt on the ticket.</summary>
    public int ExcerptChars { get; set; } = 280;

    /// <summary>An update, not a second ticket, when the caller has an open ticket of the same category.</summary>
    public bool UpdateOpenTicket { get; set; } = true;

    /// <summary>Wrap-up codes agents send as an AMI UserEvent (UserEvent: WrapUp, Code: unresolved).</summary>
    public WrapUpOptions WrapUp { get; set; } = new();

    /// <summary>SlaWarning / SlaBreached alarms for the tickets the CRM target created (needs <see cref="CrmTarget"/>).</summary>
    public SlaWatchOptions SlaWatch { get; set; } = new();
}

public sealed class TicketTriggerOptions
{
    public bool Abandoned { get; set; } = true;

    public bool EscalationRisk { get; set; } = true;

    public bool RepeatCaller { get; set; }

    /// <summary>Intents (or their categories) that always need a ticket.</summary>
    public List<string> Intents { get; set; } = [];

    public List<string> WrapUpCodes { get; set; } = ["unresolved", "callback", "escalate"];

    /// <summary>Words in the transcript saying the problem is not solved (matched case-insensitively).</summary>
    public List<string> UnresolvedMarkers { get; set; } =
    [
        "not resolved", "still not working", "still doesn't work", "call me back", "complaint",
        "没解决", "没有解决", "还是不行", "还没好", "投诉", "回电",
    ];
}

/// <summary>A category: which calls fall in it and where its tickets go.</summary>
public sealed class TicketCategoryRule
{
    public string Name { get; set; } = "general";

    public string Department { get; set; } = "service";

    /// <summary>low, normal, high or urgent.</summary>
    public string Priority { get; set; } = "normal";

    public List<string> Intents { get; set; } = [];

    public List<string> Queues { get; set; } = [];

    /// <summary>Words in the transcript or the call's keywords (case-insensitive).</summary>
    public List<string> Keywords { get; set; } = [];

    /// <summary>Matches callers who gave up waiting in a queue.</summary>
    public bool Abandoned { get; set; }
}

public sealed class SlaRule
{
    public string Category { get; set; } = "*";

    public string Tier { get; set; } = "*";

    public TimeSpan Within { get; set; } = TimeSpan.FromHours(24);

    /// <summary>SlaWarning this long before the due time.</summary>
    public TimeSpan WarnBefore { get; set; } = TimeSpan.FromMinutes(15);
}

public sealed class WrapUpOptions
{
    public string UserEvent { get; set; } = "WrapUp";

    public string Field { get; set; } = "Code";
}
