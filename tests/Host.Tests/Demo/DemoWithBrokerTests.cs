using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Adapters.Stomp.Client;
using Middleware.Host.Demo;
using Middleware.TestSupport;
using Middleware.TestSupport.ActiveMq;

namespace Middleware.Host.Tests.Demo;

/// <summary>demo --broker stomp://...: every call's events and decisions reach a real ActiveMQ.</summary>
public sealed class DemoWithBrokerTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private ActiveMqBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await ActiveMqBroker.StartAsync();

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task The_demo_publishes_every_calls_events_and_decisions()
    {
        var events = new ConcurrentDictionary<string, ConcurrentBag<string>>();
        var decisions = new ConcurrentBag<string>();
        await using var listener = await StompConnection.ConnectAsync(new StompOptions { Port = _broker.StompPort }, TimeProvider.System, NullLogger.Instance, CancellationToken.None);
        await listener.SubscribeAsync("/topic/middleware.events", async m =>
        {
            if (m["mw-call-id"] is { } call)
            {
                events.GetOrAdd(call, _ => []).Add(m["mw-kind"]!);
            }

            await m.AckAsync();
        });
        await listener.SubscribeAsync("/queue/middleware.decisions", async m =>
        {
            decisions.Add(m["mw-kind"]!);
            await m.AckAsync();
        });

        var output = new StringWriter();
        var code = await new DemoRunner(new DemoOptions(false, DemoRunnerTests.DemoSpeed, _dir.Path, null, Broker: new Uri($"stomp://127.0.0.1:{_broker.StompPort}")), NullLoggerFactory.Instance, output).RunAsync(CancellationToken.None);

        Assert.True(code == 0, output.ToString());
        Assert.Contains("message(s) confirmed by the broker", output.ToString(), StringComparison.Ordinal);
        // The PBX's 12 calls, the SBC's 5 mirrored ones (their own call ids, joined on the board) and the demo's
        // 4 IVR sessions (the AGI client's callers, journaled under their own call ids).
        var pbxCalls = () => events.Where(c => c.Key.StartsWith("pbx-demo:", StringComparison.Ordinal) && c.Value.Contains("CallStarted")).Select(c => c.Value).ToList();
        var mirrorCalls = () => events.Where(c => c.Key.StartsWith(DemoEnvironment.MirrorSource + ":", StringComparison.Ordinal)).Select(c => c.Value).ToList();
        var ivrSessions = () => events.Values.Where(v => v.Contains("IvrSessionStarted")).ToList();
        await Eventually.True(
            () => pbxCalls().Count(v => v.Contains("CallEnded")) >= 12 && mirrorCalls().Count(v => v.Contains("CallEnded")) >= 5 && ivrSessions().Count(v => v.Contains("IvrSessionEnded")) >= 4,
            "every call's and IVR session's start and end on the topic",
            state: () => $"{pbxCalls().Count} call(s), {events.Values.Count(v => v.Contains("CallEnded"))} ended, {ivrSessions().Count(v => v.Contains("IvrSessionEnded"))} IVR session(s) ended");

        Assert.Equal(21, events.Count);
        Assert.Equal(12, pbxCalls().Count);
        Assert.All(mirrorCalls(), kinds => Assert.Contains("TranscriptSegment", kinds));
        Assert.All(pbxCalls(), kinds => Assert.Contains("CallEnded", kinds));
        Assert.Equal(4, ivrSessions().Count);
        Assert.All(ivrSessions(), kinds => Assert.Contains("IvrSessionEnded", kinds));
        Assert.Contains("RoutingHint", decisions);
        Assert.Contains("TicketDraft", decisions);
        Assert.Contains("WriteBackCompleted", decisions);
    }
}
