using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Adapters.Stomp.Client;
using Middleware.TestSupport;

namespace Middleware.Adapters.Tests.Stomp;

/// <summary>The STOMP client against a real ActiveMQ 5.17.</summary>
[Collection("activemq")]
public sealed class StompConnectionTests(ActiveMqFixture broker)
{
    private StompOptions Options() => new() { Port = broker.Broker.StompPort, HeartBeat = TimeSpan.FromSeconds(1) };

    private Task<StompConnection> ConnectAsync() => StompConnection.ConnectAsync(Options(), TimeProvider.System, NullLogger.Instance, CancellationToken.None);

    private static string Queue() => "/queue/test." + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Connects_negotiates_heart_beats_and_disconnects_with_a_receipt()
    {
        await using var connection = await ConnectAsync();

        Assert.StartsWith("ActiveMQ/5.17", connection.Server, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(1), connection.SendHeartBeat);
        await connection.DisconnectAsync();
        Assert.Equal("disconnected", await connection.Closed);
    }

    [Fact]
    public async Task A_confirmed_message_round_trips_binary_safe_with_escaped_headers_and_is_acked()
    {
        await using var connection = await ConnectAsync();
        var queue = Queue();
        var body = Enumerable.Range(0, 256).Select(i => (byte)i).Concat(Encoding.UTF8.GetBytes("王芳\0end")).ToArray();
        var got = new TaskCompletionSource<StompMessage>();
        await connection.SubscribeAsync(queue, m =>
        {
            got.TrySetResult(m);
            return ValueTask.CompletedTask;
        });

        await connection.SendAsync(queue, [new("mw-note", "a:b\nc\\d"), new("persistent", "true")], body, receipt: true);
        var message = await got.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(body, message.Frame.Body.ToArray());
        Assert.Equal("a:b\nc\\d", message["mw-note"]);
        await message.AckAsync();
    }

    [Fact]
    public async Task A_transaction_holds_messages_until_commit_and_abort_drops_them()
    {
        await using var connection = await ConnectAsync();
        var queue = Queue();
        var received = new List<string>();
        await connection.SubscribeAsync(queue, async m =>
        {
            lock (received)
            {
                received.Add(m.BodyText);
            }

            await m.AckAsync();
        });

        var aborted = await connection.BeginAsync();
        await connection.SendAsync(queue, [new("transaction", aborted)], "dropped"u8.ToArray(), receipt: true);
        await connection.AbortAsync(aborted);
        var committed = await connection.BeginAsync();
        await connection.SendAsync(queue, [new("transaction", committed)], "kept"u8.ToArray(), receipt: true);
        await Task.Delay(200);
        Assert.Empty(received);
        await connection.CommitAsync(committed);

        await Eventually.True(() => received.Count == 1, "the message");
        Assert.Equal(["kept"], received);
    }

    [Fact]
    public async Task A_nacked_message_goes_to_the_brokers_dead_letter_queue()
    {
        await using var connection = await ConnectAsync();
        var queue = Queue();
        var marker = Guid.NewGuid().ToString();
        await connection.SubscribeAsync(queue, async m => await m.NackAsync());
        var dead = new TaskCompletionSource<StompMessage>();
        await connection.SubscribeAsync("/queue/ActiveMQ.DLQ", async m =>
        {
            await m.AckAsync();
            if (m.BodyText == marker)
            {
                dead.TrySetResult(m);
            }
        });

        await connection.SendAsync(queue, [new("persistent", "true")], Encoding.UTF8.GetBytes(marker), receipt: true);

        var message = await dead.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(marker, message.BodyText);
    }

    [Fact]
    public async Task An_error_frame_is_surfaced_with_the_brokers_message()
    {
        await using var connection = await ConnectAsync();
        var error = await Assert.ThrowsAsync<StompErrorException>(() =>
            connection.SendWithReceiptAsync("COMMIT", [new("transaction", "never-begun")], default, CancellationToken.None));

        Assert.Contains("never-begun", error.Message, StringComparison.Ordinal);
        Assert.Contains("STOMP ERROR", await connection.Closed, StringComparison.Ordinal);
    }
}
