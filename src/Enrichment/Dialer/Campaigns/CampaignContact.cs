namespace Middleware.Enrichment.Dialer.Campaigns;

/// <param name="Number">E.164.</param>
/// <param name="TimeZone">Where the contact lives: their calling window is in this zone.</param>
/// <param name="Line">The line in the CSV it came from.</param>
public sealed record CampaignContact(string Id, string Number, string? Name, TimeZoneInfo TimeZone, int Line);

/// <summary>A row of the campaign file that was not imported, and why.</summary>
public sealed record CampaignRowError(int Line, string Message)
{
    public override string ToString() => $"line {Line}: {Message}";
}
