using Middleware.TestSupport.ActiveMq;
using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Adapters.Stomp.Client;
using Middleware.Adapters.Stomp.Publishing;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.TestSupport;

namespace Middleware.Adapters.Tests.Stomp;

/// <summary>The journal-as-outbox publisher against a real ActiveMQ that is restarted mid-stream.</summary>
public sealed class BrokerPublisherTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private ActiveMqBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await ActiveMqBroker.StartAsync();

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _dir.Dispose();
    }

    private BrokerOptions Options(string queue) => new()
    {
        Enabled = true,
        Stomp = new StompOptions { Port = _broker.StompPort, HeartBeat = TimeSpan.FromSeconds(1), ReconnectDelay = TimeSpan.FromMilliseconds(100), MaxReconnectDelay = TimeSpan.FromSeconds(1) },
        EventsDestination = queue,
        DecisionsDestination = null,
        CommandsDestination = null,
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ten_thousand_events_survive_a_broker_restart_mid_stream_once_each_in_call_order(bool crash)
    {
        const int total = 10_000;
        await using var journal = await SqliteJournal.OpenAsync(new JournalOptions { Path = _dir.File($"j-{crash}.db"), Durability = JournalDurability.Normal });
        var queue = $"/queue/mw.test.events.{Guid.NewGuid():N}";
        await using var consumer = new BrokerConsumer(_broker.StompPort, queue);
        await using var publisher = new BrokerPublisher(Options(queue), journal, TimeProvider.System, NullLogger.Instance);
        publisher.Start();

        var factory = new EventFactory(TimeProvider.System);
        var appending = Task.Run(async () =>
        {
            for (var i = 0; i < total; i += 100)
            {
                await journal.AppendBatchAsync(Enumerable.Range(i, 100).Select(n => factory.Create("pbx", $"call-{n % 100}", new DtmfReceived("1", "received", n))).ToList());
                await Task.Delay(2);
            }
        });

        await Eventually.True(() => consumer.Unique >= total / 3, "a third of the stream", TimeSpan.FromMinutes(2));
        await _broker.StopAsync(crash);
        await Task.Delay(500);
        await _broker.RestartAsync();
        await appending;
        await Eventually.True(() => consumer.Unique >= total, $"all {total} events", TimeSpan.FromMinutes(2), () => $"{consumer.Unique} arrived");

        Assert.Equal(total, consumer.Unique);
        Assert.True(publisher.Reconnects >= 1);
        var head = await journal.HeadAsync();
        await Eventually.True(() => publisher.Confirmed == head, "the publisher to see every receipt", TimeSpan.FromMinutes(2));
        foreach (var call in consumer.Received.GroupBy(r => r.CallId))
        {
            var positions = call.Select(r => r.Position).ToList();
            Assert.Equal(positions.Order(), positions); // per-call order of first deliveries
        }
    }

    [Fact]
    public async Task A_restarted_middleware_resumes_from_its_cursor_without_republishing_everything()
    {
        var path = _dir.File("resume.db");
        var queue = $"/queue/mw.test.resume.{Guid.NewGuid():N}";
        var factory = new EventFactory(TimeProvider.System);
        await using var consumer = new BrokerConsumer(_broker.StompPort, queue);
        long publisherReconnects;
        await using (var journal = await SqliteJournal.OpenAsync(new JournalOptions { Path = path }))
        {
            await journal.AppendBatchAsync(Enumerable.Range(0, 500).Select(n => factory.Create("pbx", "call-1", new DtmfReceived("1", null, n))).ToList());
            await using var publisher = new BrokerPublisher(Options(queue), journal, TimeProvider.System, NullLogger.Instance);
            publisher.Start();
            await Eventually.True(() => publisher.Confirmed == 500, "the first 500 to be confirmed", TimeSpan.FromMinutes(2));
            publisherReconnects = publisher.Reconnects;
        }

        await using (var journal = await SqliteJournal.OpenAsync(new JournalOptions { Path = path }))
        {
            Assert.Equal(500, await journal.GetCursorAsync("broker"));
            await journal.AppendBatchAsync(Enumerable.Range(500, 100).Select(n => factory.Create("pbx", "call-1", new DtmfReceived("1", null, n))).ToList());
            await using var publisher = new BrokerPublisher(Options(queue), journal, TimeProvider.System, NullLogger.Instance);
            publisher.Start();
            // The consumer can see a message before the broker's RECEIPT reaches the publisher, which is
            // when Published counts it: wait for both.
            await Eventually.True(() => consumer.Unique == 600 && publisher.Confirmed == 600, "the next 100 received and confirmed", TimeSpan.FromMinutes(2));
            Assert.Equal(100, publisher.Published);
            publisherReconnects += publisher.Reconnects;
        }

        // A consumer that lost its connection (a missed heart-beat on a loaded machine) gets its
        // unacked messages again from the broker, and a publisher that lost its own (a receipt late on a
        // loaded machine) sends again from its confirmed cursor: at-least-once, repeats the consumer
        // drops by mw-message-id. Only a run where neither reconnected must have none.
        if (consumer.Reconnects == 0 && publisherReconnects == 0)
        {
            Assert.Equal(0, consumer.Duplicates);
        }
    }
}
