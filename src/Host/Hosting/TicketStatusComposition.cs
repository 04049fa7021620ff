using Middleware.Adapters.Crm;
using Middleware.Adapters.Crm.StatusReadBack;

namespace Middleware.Host.Hosting;

/// <summary>
/// One status book per CRM whose ticket statuses are read back (<c>ticket_status.poll_interval</c> or
/// <c>ticket_status.webhook</c>), taught the journal's tickets and statuses of its <c>look_back</c> before
/// the pipeline runs (the books are enrichers, so they learn new tickets as the gate journals them); the
/// pollers and webhooks over them are sources, started with the others. A CRM both polled and posting
/// has one book for both, so a change is told once whichever way it arrives first.
/// </summary>
public static class TicketStatusComposition
{
    public static async Task<IReadOnlyList<(CrmClient Crm, TicketStatusBook Book)>> BooksAsync(IReadOnlyList<CrmClient> crms, MiddlewareConfig config, IEventJournal journal,
        TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var books = new List<(CrmClient, TicketStatusBook)>();
        foreach (var options in config.Crm.Where(c => c.TicketStatus.ReadBack))
        {
            var book = new TicketStatusBook(options.Name, options.TicketStatus.InitialStatus);
            var history = new List<EventEnvelope>();
            await foreach (var entry in journal.ReadKindsAsync(book.Kinds, time.GetUtcNow() - options.TicketStatus.LookBack, cancellationToken).ConfigureAwait(false))
            {
                history.Add(entry.Envelope);
            }

            book.Restore(history);
            logger.LogInformation("CRM {Crm}: {Tickets} ticket(s) of the journal's last {Days:0.#} day(s) followed for status changes", options.Name, book.Count, options.TicketStatus.LookBack.TotalDays);
            books.Add((crms.Single(c => c.Name == options.Name), book));
        }

        return books;
    }

    public static IEnumerable<TicketStatusPoller> Pollers(IEnumerable<(CrmClient Crm, TicketStatusBook Book)> books, MiddlewareConfig config, IEventJournal journal,
        EventFactory factory, TimeProvider time, ILoggerFactory logs) =>
        books.Where(b => Options(config, b.Crm).PollInterval > TimeSpan.Zero).Select(b => new TicketStatusPoller(b.Crm, b.Book, Options(config, b.Crm), journal, factory, time, logs.CreateLogger($"crm.{b.Crm.Name}.ticket-status")));

    public static IEnumerable<TicketStatusWebhook> Webhooks(IEnumerable<(CrmClient Crm, TicketStatusBook Book)> books, MiddlewareConfig config, EventFactory factory) =>
        books.Where(b => Options(config, b.Crm).Webhook.Enabled).Select(b => new TicketStatusWebhook(b.Crm, b.Book, Options(config, b.Crm).Webhook, factory));

    private static Adapters.Crm.Configuration.TicketStatusOptions Options(MiddlewareConfig config, CrmClient crm) => config.Crm.Single(c => c.Name == crm.Name).TicketStatus;
}
