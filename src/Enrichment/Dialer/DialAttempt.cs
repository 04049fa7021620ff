using Middleware.Enrichment.Dialer.Campaigns;

namespace Middleware.Enrichment.Dialer;

/// <summary>One call the dialer placed to a contact.</summary>
public sealed class DialAttempt(string id, CampaignContact contact, int attempt, DateTimeOffset placedAt)
{
    public string Id { get; } = id;

    public CampaignContact Contact { get; } = contact;

    /// <summary>1 for the first call to this contact.</summary>
    public int Attempt { get; } = attempt;

    public DateTimeOffset PlacedAt { get; } = placedAt;

    public DateTimeOffset? AnsweredAt { get; set; }

    public string? Agent { get; set; }

    public DateTimeOffset? ConnectedAt { get; set; }
}

/// <summary>What the dialer tells the PBX to do with a call a person answered.</summary>
public enum AnswerAction { Connect, Wait, HangUpMachine }
