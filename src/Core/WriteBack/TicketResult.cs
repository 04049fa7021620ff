using System.Globalization;
using System.Text.RegularExpressions;

namespace Middleware.Core.WriteBack;

/// <summary>
/// The result text a CRM target journals for a CreateTicket ("ticket 42 for customer 7 (gold), due
/// 2026-11-26T12:00:00.0000000+00:00"), written and read in one place: the SLA watcher and the
/// status poller take the ticket id and due time from the journaled outcome, which is the only
/// record of the CRM's id that survives a restart.
/// </summary>
public static partial class TicketResult
{
    /// <summary>CreateTicket parameter prefix of the due time for one customer tier ("slaDueAt@vip"): the
    /// tier is known once the CRM target has looked the caller up, not when the draft is made.</summary>
    public const string DueForTier = "slaDueAt@";

    public static string Created(string ticketId, string? customerId, string? tier, string? dueAt) =>
        $"ticket {ticketId}" + (customerId is null ? " (caller not found in the CRM)" : $" for customer {customerId}" + (tier is null ? "" : $" ({tier})"))
        + (dueAt is null ? "" : $", due {dueAt}");

    public static string Updated(string ticketId, string customerId) =>
        $"ticket {ticketId} updated: the caller's open ticket of this category, for customer {customerId}";

    /// <summary>Reads a result written by <see cref="Created"/> or <see cref="Updated"/>.</summary>
    public static bool TryParse(string? result, out string ticketId, out bool updated, out DateTimeOffset? dueAt)
    {
        ticketId = "";
        updated = false;
        dueAt = null;
        var m = result is null ? Match.Empty : Pattern().Match(result);
        if (!m.Success)
        {
            return false;
        }

        ticketId = m.Groups["id"].Value;
        updated = m.Groups["updated"].Success;
        if (m.Groups["due"].Success && DateTimeOffset.TryParse(m.Groups["due"].Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var due))
        {
            dueAt = due;
        }

        return true;
    }

    [GeneratedRegex(@"^ticket (?<id>[^\s,:()]+)(?<updated> updated)?.*?(, due (?<due>\S+))?$")]
    private static partial Regex Pattern();
}
