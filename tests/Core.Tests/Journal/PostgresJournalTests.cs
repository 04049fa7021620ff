using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.TestSupport;
using Npgsql;

namespace Middleware.Core.Tests.Journal;

/// <summary>The same contract against a real PostgreSQL (started by scripts/test.sh), one fresh database per test.</summary>
public sealed class PostgresJournalTests : JournalContract
{
    private static Task<string> FreshDatabaseAsync() => TestPostgres.FreshDatabaseAsync();

    protected override async Task<IEventJournal> OpenAsync() =>
        await PostgresJournal.OpenAsync(new JournalOptions { Provider = JournalProvider.Postgres, ConnectionString = await FreshDatabaseAsync() });

    [Fact]
    public async Task Two_nodes_appending_to_one_database_lose_nothing_and_never_double_an_event()
    {
        var database = await FreshDatabaseAsync();
        var options = new JournalOptions { Provider = JournalProvider.Postgres, ConnectionString = database };
        await using var nodeA = await PostgresJournal.OpenAsync(options);
        await using var nodeB = await PostgresJournal.OpenAsync(options);
        var events = Enumerable.Range(0, 4000).Select(i => TestEvents.Started("c" + i)).ToList();

        // Both nodes get every event (a redelivery after failover): each is stored once.
        var a = Task.WhenAll(events.Chunk(50).Select(c => nodeA.AppendBatchAsync(c).AsTask()));
        var b = Task.WhenAll(events.Chunk(70).Select(c => nodeB.AppendBatchAsync(c).AsTask()));
        await Task.WhenAll(a, b);

        var stored = await nodeA.ReadAfterAsync(0, 10_000);
        Assert.Equal(4000, stored.Count);
        Assert.Equal(events.Select(e => e.Id).Order(), stored.Select(e => e.Envelope.Id).Order());
        Assert.Equal(4000, nodeA.Health.Appended + nodeB.Health.Appended);
        Assert.Equal(4000, nodeA.Health.Duplicates + nodeB.Health.Duplicates);
    }

    [Fact]
    public async Task Payloads_are_stored_as_jsonb_and_read_back_whatever_order_postgres_keeps_keys_in()
    {
        await using var journal = await OpenAsync();
        var hint = TestEvents.Make("c1", new RoutingHint("prioritize", "support", "PJSIP/1002", 10, ["VIP caller", "waited 65 s"]));
        await journal.AppendAsync(hint);

        var back = Assert.Single(await journal.ReadCallAsync("c1").ToListAsync()).Envelope.Payload;
        Assert.Equal(EventJson.Serialize(hint.Payload), EventJson.Serialize(back));
    }
}
