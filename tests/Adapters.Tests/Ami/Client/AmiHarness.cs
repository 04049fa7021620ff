using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Adapters.Ami.Client;
using Middleware.Core.CallState;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Core.Pipeline;
using Middleware.Samples.Ami;
using Middleware.Samples.Scenarios;
using Middleware.TestSupport;

namespace Middleware.Adapters.Tests.Ami.Client;

/// <summary>The emulator on a free loopback port, and an AMI source feeding a real pipeline and SQLite journal.</summary>
internal sealed class AmiHarness : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();

    private AmiHarness(AmiEmulator pbx) => Pbx = pbx;

    public AmiEmulator Pbx { get; }

    public AmiSource Source { get; private set; } = null!;

    public EventPipeline Pipeline { get; private set; } = null!;

    public IEventJournal Journal { get; private set; } = null!;

    public CallStateStore State => Pipeline.State;

    public static async Task<AmiHarness> StartAsync(Action<AmiSourceOptions>? configure = null, AmiEmulatorOptions? emulator = null, bool seat = true, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        var pbx = new AmiEmulator(emulator ?? new AmiEmulatorOptions { Speed = 50 });
        if (seat)
        {
            CallCenterStaff.Seat(pbx.Pbx);
        }

        await pbx.StartAsync();
        var h = new AmiHarness(pbx);
        var options = Options(pbx.Port);
        configure?.Invoke(options);
        h.Journal = await SqliteJournal.OpenAsync(new JournalOptions { Path = h._dir.File("journal.db"), Durability = JournalDurability.Normal });
        var factory = new EventFactory(TimeProvider.System);
        h.Pipeline = new EventPipeline(new PipelineOptions { Partitions = 4 }, h.Journal, new CallStateStore(), factory);
        h.Pipeline.Start();
        h.Source = new AmiSource(options, factory, logger ?? NullLogger.Instance);
        await h.Source.StartAsync(h.Pipeline, CancellationToken.None);
        return h;
    }

    public static AmiSourceOptions Options(int port) => new()
    {
        Name = "pbx-test",
        Host = "127.0.0.1",
        Port = port,
        Username = "middleware",
        Secret = "middleware-secret",
        ReconnectDelay = TimeSpan.FromMilliseconds(50),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(500),
        // Generous: on a loaded 2-core machine a 2 s late Pong dropped the session mid-test (tests of dead-peer
        // detection set their own).
        PingInterval = TimeSpan.FromSeconds(10),
        PingTimeout = TimeSpan.FromSeconds(10),
        ActionTimeout = TimeSpan.FromSeconds(5),
    };

    public Task WaitConnectedAsync() => Eventually.True(() => Source.Status.State == AmiConnectionState.Connected, "the source to connect");

    public async Task<List<EventEnvelope>> JournaledAsync() =>
        (await Journal.ReadAfterAsync(0, 1_000_000)).Select(e => e.Envelope).ToList();

    public async ValueTask DisposeAsync()
    {
        await Source.DisposeAsync();
        await Pipeline.StopAsync();
        await Journal.DisposeAsync();
        await Pbx.DisposeAsync();
        _dir.Dispose();
    }
}
