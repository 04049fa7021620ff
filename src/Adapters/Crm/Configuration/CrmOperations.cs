namespace Middleware.Adapters.Crm.Configuration;

/// <summary>What each operation may use in its templates and must map from its answer.</summary>
public static class CrmOperations
{
    public const string FindCustomerByPhone = "find_customer_by_phone";
    public const string GetCustomerProfile = "get_customer_profile";
    public const string CreateTicket = "create_ticket";
    public const string UpdateTicketStatus = "update_ticket_status";
    public const string AddCustomerNote = "add_customer_note";
    public const string AddTicketNote = "add_ticket_note";
    public const string GetOrderStatus = "get_order_status";
    public const string GetCustomerBalance = "get_customer_balance";

    /// <summary>A customer's open tickets: a repeat call about one adds to it instead of opening a second.</summary>
    public const string FindOpenTickets = "find_open_tickets";

    /// <summary>One ticket's status, polled to tell the broker and the dashboard when it changes.</summary>
    public const string GetTicket = "get_ticket";

    /// <summary>Tickets created or changed since a time ({since}, ISO 8601): what the status poller reads.</summary>
    public const string ListChangedTickets = "list_changed_tickets";

    public sealed record Shape(string[] Variables, string[] RequiredFields, string[] OptionalFields);

    public static readonly IReadOnlyDictionary<string, Shape> All = new Dictionary<string, Shape>(StringComparer.Ordinal)
    {
        [FindCustomerByPhone] = new(["phone"], ["id"], ["name", "phone", "tier"]),
        [GetCustomerProfile] = new(["customerId"], ["id"], ["name", "phone", "tier", "open_tickets", "recent_orders"]),
        [CreateTicket] = new(["customerId", "phone", "title", "category", "priority", "summary", "slaDueAt", "callId"], ["id"], ["status"]),
        [UpdateTicketStatus] = new(["ticketId", "status"], [], ["status"]),
        [AddCustomerNote] = new(["customerId", "text", "callId"], [], ["id"]),
        [AddTicketNote] = new(["ticketId", "text", "callId"], [], ["id"]),
        [GetOrderStatus] = new(["orderNumber"], ["status"], ["number", "total"]),
        [GetCustomerBalance] = new(["customerId"], ["balance"], ["currency"]),
        [FindOpenTickets] = new(["customerId", "phone"], ["id"], ["category", "status"]),
        [GetTicket] = new(["ticketId"], ["status"], ["id", "category"]),
        [ListChangedTickets] = new(["since"], ["id", "status", "updated_at"], ["category"]),
    };
}
