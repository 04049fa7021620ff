using Middleware.Adapters.Crm;
using Middleware.Adapters.Crm.StatusReadBack;
using Middleware.Core.Events;
using Middleware.Core.WriteBack;
using Middleware.TestSupport;

namespace Middleware.Adapters.Tests.Crm.StatusReadBack;

/// <summary>How the book weighs a CRM's listing of changed tickets: one change per ticket and updated_at, ours only.</summary>
public class TicketStatusBookTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-26T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static TicketStatusBook Book(params string[] tickets)
    {
        var book = new TicketStatusBook("crm", "open");
        book.Restore(tickets.Select(t => TestEvents.Make($"call-{t}", new WriteBackCompleted(Guid.NewGuid().ToString(), "crm", "CreateTicket", TicketResult.Created(t, "7", "gold", null), 1), "write-back", T0)));
        return book;
    }

    private static CrmTicketChange At(string id, string status, int minutes) => new(id, status, T0.AddMinutes(minutes));

    /// <summary>What the poller does with each change once it is journaled.</summary>
    private static List<TicketStatusChanged> Take(TicketStatusBook book, params CrmTicketChange[] listed)
    {
        var changes = book.Changes(listed, "crm-poll").Select(c => c.Change).ToList();
        foreach (var change in changes)
        {
            book.Learn(TestEvents.Make(null, change, "crm"));
        }

        return changes;
    }

    [Fact]
    public void The_same_listing_twice_is_one_change_and_a_changed_status_names_the_one_before()
    {
        var book = Book("42");

        Assert.Equal([new TicketStatusChanged("42", "resolved", "open", "crm-poll", "crm", T0.AddMinutes(5))], Take(book, At("42", "resolved", 5)));
        Assert.Empty(Take(book, At("42", "resolved", 5)));
        Assert.Empty(Take(book, At("42", "open", 3))); // older than what was seen: a stale answer, not a reopening
        Assert.Equal("closed", Assert.Single(Take(book, At("42", "closed", 9))).Status);
    }

    [Fact]
    public void A_ticket_touched_without_a_new_status_gives_nothing_and_is_not_weighed_again()
    {
        var book = Book("42");

        Assert.Empty(Take(book, At("42", "open", 1))); // the creation itself, or an edit of its title
        Assert.Empty(Take(book, At("42", "OPEN", 2))); // CRMs differ in case
        Assert.Empty(book.Changes([At("42", "resolved", 2)], "crm-poll")); // at the time already weighed
    }

    [Fact]
    public void A_ticket_listed_twice_in_one_answer_gives_both_steps_in_order()
    {
        var changes = Take(Book("42"), At("42", "in_progress", 1), At("42", "resolved", 2));

        Assert.Equal([("open", "in_progress"), ("in_progress", "resolved")], changes.Select(c => (c.PreviousStatus!, c.Status)));
    }

    [Fact]
    public void A_change_not_yet_journaled_is_offered_again()
    {
        var book = Book("42");
        Assert.Single(book.Changes([At("42", "resolved", 5)], "crm-poll")); // the publish failed: not learned

        Assert.Single(book.Changes([At("42", "resolved", 5)], "crm-poll"));
    }

    [Fact]
    public void Other_CRMs_tickets_and_statuses_are_not_ours()
    {
        var book = Book("42");
        book.Learn(TestEvents.Make(null, new WriteBackCompleted("r", "other-crm", "CreateTicket", TicketResult.Created("43", null, null, null), 1), "write-back"));
        book.Learn(TestEvents.Make(null, new TicketStatusChanged("42", "closed", "open", "webhook", "other-crm", T0.AddMinutes(1)), "other-crm"));

        Assert.Empty(Take(book, At("43", "closed", 2)));
        Assert.Equal(1, book.NotOurs);
        Assert.Equal("open", book.StatusOf("42"));
        Assert.Equal(1, book.Count);
    }
}
