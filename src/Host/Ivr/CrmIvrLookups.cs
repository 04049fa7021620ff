using Middleware.Adapters.Crm;
using Middleware.Enrichment.Ivr;

namespace Middleware.Host.Ivr;

/// <summary>The IVR's lookups answered by a configured CRM adapter (its YAML mapping decides the requests).</summary>
public sealed class CrmIvrLookups(CrmClient crm) : IIvrLookups
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, CrmCustomer> _customers = new(StringComparer.Ordinal);

    public async Task<IvrCustomer?> FindCustomerAsync(string callerNumber, CancellationToken cancellationToken)
    {
        var customer = await crm.FindCustomerByPhoneAsync(callerNumber, cancellationToken).ConfigureAwait(false);
        if (customer is null)
        {
            return null;
        }

        _customers[customer.IdText] = customer; // the CRM's own id value, sent back unchanged
        return new IvrCustomer(customer.IdText, customer.Name, customer.Tier);
    }

    public async Task<decimal?> GetBalanceAsync(IvrCustomer customer, CancellationToken cancellationToken)
    {
        var known = _customers.TryGetValue(customer.Id, out var c) ? c : new CrmCustomer(System.Text.Json.Nodes.JsonValue.Create(customer.Id), customer.Name, null, customer.Tier);
        return (await crm.GetBalanceAsync(known, cancellationToken).ConfigureAwait(false))?.Amount;
    }

    public async Task<IvrOrder?> GetOrderAsync(string orderNumber, CancellationToken cancellationToken) =>
        await crm.GetOrderStatusAsync(orderNumber, cancellationToken).ConfigureAwait(false) is { } order
            ? new IvrOrder(order.Number ?? orderNumber, order.Status, order.Total)
            : null;
}
