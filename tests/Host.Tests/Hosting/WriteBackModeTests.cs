using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Adapters.Ami.Client;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Core.WriteBack;
using Middleware.Host.Configuration;
using Middleware.Host.Hosting;
using Middleware.Samples.Ami;
using Middleware.Samples.Pbx;
using Middleware.Samples.Scenarios;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Hosting;

public sealed class WriteBackModeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private async Task<(List<EventEnvelope> Journal, IReadOnlyList<string> PbxActions, string? VipVariable)> RunVipCallAsync(WriteBackMode mode)
    {
        await using var pbx = new AmiEmulator(new AmiEmulatorOptions { Speed = 50 });
        CallCenterStaff.Seat(pbx.Pbx);
        await pbx.StartAsync();
        var config = new MiddlewareConfig
        {
            Journal = new JournalOptions { Path = _dir.File($"{mode}.db"), Durability = JournalDurability.Normal },
            WriteBack = new WriteBackOptions { Mode = mode, Allow = new() { ["pbx"] = ["Setvar"] } },
            Sources = new SourcesConfig { Ami = [new AmiSourceOptions { Name = "pbx", Port = pbx.Port, Username = "middleware", Secret = "middleware-secret" }] },
            Routing = new() { VipNumbers = ["13800138000"] },
        };
        var runtime = await MiddlewareRuntime.StartAsync(config, NullLoggerFactory.Instance);
        string? variable;
        try
        {
            await Eventually.True(() => runtime.Sources.OfType<AmiSource>().Single().Health.Healthy, "the AMI source to connect");

            var call = PbxCall.Inbound(pbx.Pbx, "13800138000", "王芳", "400");
            await call.EnterQueueAsync("support");
            var id = "pbx:" + call.CallId;
            // AI_SKILL, AI_PRIORITY, QUEUE_PRIO, AI_REASON (and AI_AGENT when a member is free).
            await Eventually.True(() => runtime.State.GetCall(id)?.WriteBacks is { Count: >= 4 } wb && !wb.Any(w => w.Outcome == "requested"), "the hint's write-backs decided");

            variable = call.Caller.Variables.GetValueOrDefault("QUEUE_PRIO");
        }
        finally
        {
            await runtime.StopAsync();
        }

        await using var journal = await SqliteJournal.OpenAsync(config.Journal);
        return ((await journal.ReadAfterAsync(0, 10_000)).Select(e => e.Envelope).ToList(), pbx.ActionsReceived, variable);
    }

    [Fact]
    public async Task In_observe_mode_the_pbx_receives_no_write_and_the_journal_says_what_would_have_been_sent()
    {
        var (journal, actions, variable) = await RunVipCallAsync(WriteBackMode.Observe);

        Assert.DoesNotContain("Setvar", actions);
        Assert.Null(variable);
        Assert.Equal(journal.Count(e => e.Payload is WriteBackRequested), journal.Count(e => e.Payload is WriteBackSkipped s && s.Reason.Contains("observe", StringComparison.Ordinal)));
        Assert.Contains(journal, e => e.Payload is RoutingHint { Priority: 10 });
    }

    [Fact]
    public async Task In_assist_mode_the_hint_reaches_the_pbx_as_a_channel_variable()
    {
        var (journal, actions, variable) = await RunVipCallAsync(WriteBackMode.Assist);

        Assert.Contains("Setvar", actions);
        Assert.Equal("10", variable);
        Assert.Equal(journal.Count(e => e.Payload is WriteBackRequested), journal.Count(e => e.Payload is WriteBackCompleted));
    }

    public void Dispose() => _dir.Dispose();
}
