using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Host.Configuration;
using Middleware.Host.Hosting;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Hosting;

public sealed class JournalFaultTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task A_journal_that_cannot_append_raises_an_error_event_and_fails_health_without_dropping_silently()
    {
        var sink = new RecordingSink();
        var config = new MiddlewareConfig { Journal = new JournalOptions { Path = _dir.File("j.db"), MaxSizeMegabytes = 1 } };
        await using var runtime = await MiddlewareRuntime.StartAsync(config, NullLoggerFactory.Instance, sinks: [sink]);
        var factory = new EventFactory(TimeProvider.System);
        var tooBig = factory.Create("pbx", "c1", new CallStarted("1", null, "400", CallDirection.Inbound), raw: new RawSource("ami", new byte[4 * 1024 * 1024]));

        await Assert.ThrowsAsync<JournalAppendException>(() => runtime.Pipeline.PublishAsync(tooBig).AsTask());
        await Eventually.True(() => sink.Seen.Any(e => e.Payload is SourceStatusChanged { Status: "journal-fault" }), "the journal-fault event");

        var (_, healthy, detail) = runtime.Health().Single(h => h.Component == "journal");
        Assert.False(healthy);
        Assert.Contains("full", detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(sink.Seen, e => e.Payload is CallStarted);
    }

    public void Dispose() => _dir.Dispose();
}
