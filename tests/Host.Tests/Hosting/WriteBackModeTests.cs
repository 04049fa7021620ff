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

    private async Task<(List<EventEnvelope> Journal, IReadOnlyList<string> PbxActions, string? VipVariable, int? QueuePriority)> RunVipCallAsync(WriteBackMode mode)
    {
        await using var pbx = new AmiEmulator(new AmiEmulatorOptions { Speed = 50 });
        CallCenterStaff.Seat(pbx.Pbx);
        await pbx.StartAsync();
        var config = new MiddlewareConfig
        {
            Journal = new JournalOptions { Path = _dir.File($"{mode}.db"), Durability = JournalDurability.Normal },
            WriteBack = new WriteBackOptions { Mode = mode, Allow = new() { ["pbx"] = ["Setvar", "QueueChangePriorityCaller"] } },
            Sources = new SourcesConfig { Ami = [new AmiSourceOptions { Name = "pbx", Port = pbx.Port, Username = "middleware", Secret = "middleware-secret" }] },
            Routing = new() { VipNumbers = ["13800138000"] },
        };
        var runtime = await MiddlewareRuntime.StartAsync(config, NullLoggerFactory.Instance);
        string? variable;
        int? priority;
        try
        {
            await Eventually.True(() => runtime.Sources.OfType<AmiSource>().Single().Health.Healthy, "the AMI source to connect");

            var call = PbxCall.Inbound(pbx.Pbx, "13800138000", "王芳", "400");
            await call.EnterQueueAsync("support");
            var id = "pbx:" + call.CallId;
            // QUEUE_PRIO at the start (read only as a caller enters Queue()), then the hint: AI_SKILL,
            // AI_PRIORITY, the priority change for the caller already waiting, AI_AGENT when a member is free, AI_REASON.
            await Eventually.True(() => runtime.State.GetCall(id)?.WriteBacks is { Count: >= 5 } wb && !wb.Any(w => w.Outcome == "requested"), "the write-backs decided");

            variable = call.Caller.Variables.GetValueOrDefault("QUEUE_PRIO");
            priority = pbx.Pbx.Queue("support").Entries.SingleOrDefault(e => e.Caller == call.Caller)?.Priority;
        }
        finally
        {
            await runtime.StopAsync();
        }

        await using var journal = await SqliteJournal.OpenAsync(config.Journal);
        return ((await journal.ReadAfterAsync(0, 10_000)).Select(e => e.Envelope).ToList(), pbx.ActionsReceived, variable, priority);
    }

    [Fact]
    public async Task In_observe_mode_the_pbx_receives_no_write_and_the_journal_says_what_would_have_been_sent()
    {
        var (journal, actions, variable, priority) = await RunVipCallAsync(WriteBackMode.Observe);

        Assert.DoesNotContain("Setvar", actions);
        Assert.DoesNotContain("QueueChangePriorityCaller", actions);
        Assert.Null(variable);
        Assert.Equal(0, priority);
        Assert.Equal(journal.Count(e => e.Payload is WriteBackRequested), journal.Count(e => e.Payload is WriteBackSkipped s && s.Reason.Contains("observe", StringComparison.Ordinal)));
        Assert.Contains(journal, e => e.Payload is RoutingHint { Priority: 10 });
    }

    [Fact]
    public async Task In_assist_mode_the_hint_reaches_the_pbx_as_a_channel_variable()
    {
        var (journal, actions, variable, priority) = await RunVipCallAsync(WriteBackMode.Assist);

        Assert.Contains("Setvar", actions);
        Assert.Contains("QueueChangePriorityCaller", actions);
        Assert.Equal("10", variable);
        Assert.Equal(10, priority);
        Assert.Equal(journal.Count(e => e.Payload is WriteBackRequested), journal.Count(e => e.Payload is WriteBackCompleted));
    }

    public void Dispose() => _dir.Dispose();
}
