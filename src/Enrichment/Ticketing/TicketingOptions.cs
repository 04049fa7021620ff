namespace Middleware.Enrichment.Ticketing;

public sealed class TicketingOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Callers treated as VIP for SLA purposes.</summary>
    public List<string> VipNumbers { get; set; } = [];

    /// <summary>How soon an abandoned caller must be called back.</summary>
    public TimeSpan CallbackSla { get; set; } = TimeSpan.FromHours(2);

    public TimeSpan VipCallbackSla { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The CRM (a crm[].name) drafts are written to as tickets; null keeps them as drafts in the journal.</summary>
    public string? CrmTarget { get; set; }
}
