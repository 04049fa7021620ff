namespace Middleware.Enrichment.Ivr;

/// <summary>
/// What self-service asks the CRM. The host answers it with the configured CRM adapter; a lookup
/// that fails throws (the flow then takes the node's on_fail way, usually an agent).
/// </summary>
public interface IIvrLookups
{
    Task<IvrCustomer?> FindCustomerAsync(string callerNumber, CancellationToken cancellationToken);

    Task<decimal?> GetBalanceAsync(IvrCustomer customer, CancellationToken cancellationToken);

    Task<IvrOrder?> GetOrderAsync(string orderNumber, CancellationToken cancellationToken);
}

public sealed record IvrCustomer(string Id, string? Name, string? Tier);

public sealed record IvrOrder(string Number, string Status, string? Total);
