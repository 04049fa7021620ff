using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Adapters.Stomp.Client;
using Middleware.Adapters.Stomp.Commands;
using Middleware.Adapters.Stomp.Publishing;
using Middleware.Core.Events;
using Middleware.Core.WriteBack;
using Middleware.TestSupport;

namespace Middleware.Adapters.Tests.Stomp;

[Collection("activemq")]
public sealed class CommandConsumerTests(ActiveMqFixture broker)
{
    private BrokerOptions Options(string name) => new()
    {
        Enabled = true,
        Stomp = new StompOptions { Port = broker.Broker.StompPort, HeartBeat = TimeSpan.FromSeconds(1) },
        CommandsDestination = $"/queue/mw.test.commands.{name}",
        DeadLetterDestination = $"/queue/mw.test.dead.{name}",
        CommandAttempts = 2,
    };

    private async Task<StompConnection> ConnectAsync() =>
        await StompConnection.ConnectAsync(new StompOptions { Port = broker.Broker.StompPort }, TimeProvider.System, NullLogger.Instance, CancellationToken.None);

    [Fact]
    public async Task Commands_switch_the_mode_and_malformed_ones_are_dead_lettered_with_the_reason()
    {
        var name = Guid.NewGuid().ToString("N")[..8];
        var options = Options(name);
        var gate = new WriteBackGate(new WriteBackOptions(), [], new EventFactory(TimeProvider.System));
        await using var h = await PipelineHarness.StartAsync(gate: gate);
        var reloads = 0;
        await using var consumer = new CommandConsumer(options, gate, _ =>
        {
            Interlocked.Increment(ref reloads);
            return Task.FromResult("reloaded");
        }, TimeProvider.System, NullLogger.Instance);
        await consumer.StartAsync(h.Pipeline, CancellationToken.None);
        await Eventually.True(() => consumer.Subscribed, "the consumer to subscribe");

        await using var client = await ConnectAsync();
        var dead = new List<StompMessage>();
        await client.SubscribeAsync(options.DeadLetterDestination, async m =>
        {
            lock (dead)
            {
                dead.Add(m);
            }

            await m.AckAsync();
        });
        async Task Send(string body) => await client.SendAsync(options.CommandsDestination!, [new("persistent", "true")], Encoding.UTF8.GetBytes(body), receipt: true);

        await Send("""{"command":"set-write-back-mode","mode":"act","by":"ops-bot"}""");
        await Send("""{"command":"reload-config"}""");
        await Send("not json at all");
        await Send("""{"command":"launch-rockets"}""");
        await Send("""{"command":"set-write-back-mode","mode":"yolo"}""");

        await Eventually.True(() => consumer.Handled == 2 && consumer.DeadLettered == 3 && dead.Count == 3, "two handled and three dead-lettered", state: () => $"handled {consumer.Handled}, dead-lettered {consumer.DeadLettered}, on the dead-letter queue {dead.Count}");
        Assert.Equal(WriteBackMode.Act, gate.Mode);
        Assert.Equal(1, reloads);
        var reasons = dead.Select(d => d["mw-dead-letter-reason"]!).ToList();
        Assert.Contains(reasons, r => r.StartsWith("not JSON", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("unknown command 'launch-rockets'", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("observe, assist or act", StringComparison.Ordinal));
        Assert.All(dead, d => Assert.Equal(options.CommandsDestination, d["mw-original-destination"]));
        Assert.Contains(dead, d => d.BodyText == "not json at all");

        await h.Pipeline.StopAsync();
        var changed = Assert.Single((await h.JournaledAsync()).Select(e => e.Payload).OfType<WriteBackModeChanged>());
        Assert.Equal("broker:ops-bot", changed.ChangedBy);
    }

    [Fact]
    public async Task A_command_that_keeps_failing_is_dead_lettered_after_the_attempts()
    {
        var name = Guid.NewGuid().ToString("N")[..8];
        var options = Options(name);
        var gate = new WriteBackGate(new WriteBackOptions(), [], new EventFactory(TimeProvider.System));
        await using var h = await PipelineHarness.StartAsync(gate: gate);
        var tries = 0;
        await using var consumer = new CommandConsumer(options, gate, _ =>
        {
            Interlocked.Increment(ref tries);
            throw new IOException("config share unreachable");
        }, TimeProvider.System, NullLogger.Instance);
        await consumer.StartAsync(h.Pipeline, CancellationToken.None);
        await Eventually.True(() => consumer.Subscribed, "the consumer to subscribe");
        await using var client = await ConnectAsync();
        var dead = new TaskCompletionSource<StompMessage>();
        await client.SubscribeAsync(options.DeadLetterDestination, async m =>
        {
            dead.TrySetResult(m);
            await m.AckAsync();
        });

        await client.SendAsync(options.CommandsDestination!, [], """{"command":"reload-config"}"""u8.ToArray(), receipt: true);

        var message = await dead.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, tries);
        Assert.Equal("2", message["mw-attempts"]);
        Assert.Contains("config share unreachable", message["mw-dead-letter-reason"], StringComparison.Ordinal);
    }
}
