using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Adapters.Ami.Client;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Host.Configuration;
using Middleware.Host.Hosting;
using Middleware.Samples.Ami;
using Middleware.Samples.Pbx;
using Middleware.Samples.Scenarios;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Hosting;

/// <summary>
/// Calls left open by a run that did not end them (a crash, kill -9, a stop while they were up) are
/// reconciled at the next start against the PBX, as an in-process reconnect reconciles them.
/// </summary>
public sealed class RestartReconciliationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private MiddlewareConfig Config(int port) => new()
    {
        Journal = new JournalOptions { Path = _dir.File("journal.db"), Durability = JournalDurability.Normal },
        Sources = new SourcesConfig { Ami = [new AmiSourceOptions { Name = "pbx", Port = port, Username = "middleware", Secret = "middleware-secret" }] },
        Routing = new() { Enabled = false },
    };

    private static async Task<MiddlewareRuntime> StartConnectedAsync(MiddlewareConfig config)
    {
        var runtime = await MiddlewareRuntime.StartAsync(config, NullLoggerFactory.Instance);
        await Eventually.True(() => runtime.Sources.OfType<AmiSource>().Single().Health.Healthy, "the AMI source to connect");
        return runtime;
    }

    private async Task<List<EventEnvelope>> JournalAsync()
    {
        await using var journal = await SqliteJournal.OpenAsync(new JournalOptions { Path = _dir.File("journal.db") });
        return (await journal.ReadAfterAsync(0, 100_000)).Select(e => e.Envelope).ToList();
    }

    [Fact]
    public async Task Calls_that_ended_while_the_middleware_was_down_are_closed_at_the_next_start_and_live_ones_stay_open()
    {
        await using var pbx = new AmiEmulator(new AmiEmulatorOptions { Speed = 50 });
        CallCenterStaff.Seat(pbx.Pbx);
        await pbx.StartAsync();
        var config = Config(pbx.Port);

        var calls = new[] { "13800000001", "13800000002", "13800000003" }.Select(n => PbxCall.Inbound(pbx.Pbx, n, "caller", "400")).ToList();
        var first = await StartConnectedAsync(config);
        await Eventually.True(() => first.State.Calls().Count == 3, "three open calls");
        await first.StopAsync(); // the calls are still up: the journal holds them open, as after a crash

        calls[0].Hangup(byCaller: true); // two end while nobody listens; one is still talking
        calls[1].Hangup(byCaller: true);
        await using (var second = await StartConnectedAsync(config))
        {
            await Eventually.True(() => second.State.Calls().Count == 1, "only the live call open after the restart", state: () => string.Join(", ", second.State.Calls().Select(c => c.CallId)));
        }

        var journal = await JournalAsync();
        var ended = journal.Where(e => e.Payload is CallEnded).ToList();
        Assert.Equal(new[] { "pbx:" + calls[0].CallId, "pbx:" + calls[1].CallId }.Order(StringComparer.Ordinal), ended.Select(e => e.CallId!).Order(StringComparer.Ordinal));
        Assert.All(ended, e => Assert.Equal("unknown-during-outage", ((CallEnded)e.Payload).Cause));
        Assert.All(ended, e => Assert.True(e.Synthesized));
        var gap = Assert.Single(journal.Select(e => e.Payload).OfType<SourceGap>());
        Assert.Contains("not running", gap.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(ended, e => e.CallId == "pbx:" + calls[2].CallId);
    }

    public void Dispose() => _dir.Dispose();
}
