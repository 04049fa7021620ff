using Middleware.SampleCrm.Data;

namespace Middleware.SampleCrm.Api;

/// <summary>What both API shapes check on ticket reads and status changes, with the errors they answer.</summary>
internal static class TicketQuery
{
    /// <summary>An ISO 8601 time with an offset or Z (a time without one is taken as UTC, as the CRM stores UTC).</summary>
    public static bool TryParseSince(string text, out DateTimeOffset since) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out since);

    public static string BadSince(string text) => $"updated_since: '{text}' is not an ISO 8601 time such as 2026-11-26T10:00:00Z";

    public static bool IsStatus(string? status) => status is not null && CrmStore.Statuses.Contains(status);

    public static string BadStatus(string? status) => $"status: '{status}' is not one of {string.Join(", ", CrmStore.Statuses)}";
}
