using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Core.Configuration;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Core.WriteBack;
using Middleware.Enrichment.Ivr;
using Middleware.Host.Configuration;
using Middleware.Host.Hosting;
using Middleware.SampleCrm;
using Middleware.Samples.Agi;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Ivr;

/// <summary>
/// The dialplan line AGI(agi://127.0.0.1:PORT/ivr) against the shipped flow and the sample CRM over
/// HTTP, driven by the AGI client that answers as Asterisk does.
/// </summary>
public sealed class IvrSelfServiceTests : IAsyncLifetime
{
    private const string Vip = "13800138000"; // 王芳, vip, in the sample CRM's seed

    private readonly TempDirectory _dir = new();
    private SampleCrmServer _crm = null!;
    private MiddlewareRuntime _runtime = null!;
    private AsteriskAgiClient _pbx = null!;

    public async Task InitializeAsync()
    {
        _crm = await SampleCrmServer.StartAsync(_dir.File("crm.db"));
        _runtime = await MiddlewareRuntime.StartAsync(Config(_crm.Address, _dir.File("journal.db")), NullLoggerFactory.Instance);
        _pbx = new AsteriskAgiClient("127.0.0.1", _runtime.FastAgiServers[0].Port!.Value);
    }

    public async Task DisposeAsync()
    {
        await _runtime.DisposeAsync();
        await _crm.DisposeAsync();
        _dir.Dispose();
    }

    internal static MiddlewareConfig Config(Uri crm, string journal)
    {
        string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "config", name));
        var config = YamlOptionsBinder.Parse<MiddlewareConfig>(Read("crm-examples/native-api.yaml"), "native-api.yaml", n => n == "SAMPLE_CRM_URL" ? crm.ToString() : null);
        var ivr = YamlOptionsBinder.Parse<MiddlewareConfig>(Read("ivr/self-service.yaml"), "self-service.yaml");
        config.Ivr = ivr.Ivr;
        config.Sources.FastAgi = ivr.Sources.FastAgi;
        config.Sources.FastAgi[0].Port = 0;
        config.Journal = new JournalOptions { Path = journal, Durability = JournalDurability.Normal };
        config.WriteBack.Mode = WriteBackMode.Assist;
        config.Routing.Enabled = false;
        return config;
    }

    private async Task<List<EventEnvelope>> JournalAsync(Func<List<EventEnvelope>, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var events = (await _runtime.Journal.ReadAfterAsync(0, 100_000)).Select(e => e.Envelope).ToList();
            if (until(events) || DateTime.UtcNow > deadline)
            {
                return events;
            }

            await Task.Delay(20);
        }
    }

    private static bool Ended(List<EventEnvelope> events, int sessions) => events.Count(e => e.Payload is IvrSessionEnded) >= sessions;

    [Fact]
    public async Task A_known_caller_presses_1_and_hears_their_balance_from_the_CRM_then_hangs_up_self_served()
    {
        var customer = _crm.Store.FindByPhone(Vip).Single();
        var balance = (decimal)_crm.Store.Balance(customer.Id)!.Value;

        var call = await _pbx.RunAsync("ivr?flow=main", Vip, new AgiCaller("1", "9"));

        var units = (long)decimal.Truncate(balance);
        var cents = (long)((balance - units) * 100);
        Assert.True(call.Answered);
        Assert.Equal("prompt:ivr/main-menu", call.Heard[0]);
        Assert.Contains("prompt:ivr/your-balance-is", call.Heard);
        Assert.Contains($"number:{units}", call.Heard);
        if (cents > 0)
        {
            Assert.Contains($"number:{cents}", call.Heard);
        }

        Assert.Equal("balance", call.Variables["IVR_RESULT"]);
        Assert.Equal("vip", call.Variables["IVR_CUSTOMER_TIER"]);
        Assert.Equal("goodbye", call.Variables["IVR_INTENT"]);
        Assert.True(call.ScriptClosed);

        var events = await JournalAsync(e => Ended(e, 1));
        var ended = events.Select(e => e.Payload).OfType<IvrSessionEnded>().Single();
        Assert.Equal("self-served", ended.Outcome);
        Assert.Contains(events, e => e.Payload is IvrStep { Action: "lookup" } s && s.Detail == $"balance {balance.ToString("0.00", CultureInfo.InvariantCulture)}");
        Assert.All(events.Where(e => e.Payload is IvrStep or IvrSessionStarted or IvrSessionEnded), e => Assert.StartsWith("pbx-main:", e.CallId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Order_status_by_order_number_keyed_as_digits_is_read_back_and_told()
    {
        var order = _crm.Store.AllOrders().First(o => o.Status == "shipped");
        var digits = order.Number["SO".Length..];

        var call = await _pbx.RunAsync("ivr", "+8613900139001", new AgiCaller("2", digits + "#", "9"));

        Assert.Contains($"digits:{digits}", call.Heard);
        Assert.Contains("prompt:ivr/order-shipped", call.Heard);
        Assert.Equal("order-status", call.Variables["IVR_RESULT"]);
        var events = await JournalAsync(e => Ended(e, 1));
        Assert.Equal("self-served", events.Select(e => e.Payload).OfType<IvrSessionEnded>().Single().Outcome);
    }

    [Fact]
    public async Task An_unknown_order_number_is_asked_again_then_the_caller_goes_to_an_agent_with_the_context()
    {
        var call = await _pbx.RunAsync("ivr", Vip, new AgiCaller("2", "11111111#", "22222222#"));

        Assert.Contains("prompt:ivr/order-not-found", call.Heard);
        Assert.Equal("agent", call.Variables["IVR_RESULT"]);
        Assert.Equal("support", call.Variables["IVR_QUEUE"]);
        Assert.Contains("order SO11111111 not found", call.Variables["IVR_CONTEXT"], StringComparison.Ordinal);
        Assert.Contains("(vip)", call.Variables["IVR_CONTEXT"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pressing_0_transfers_with_the_context_in_a_channel_variable_and_a_CRM_note_written_through_the_gate()
    {
        var customer = _crm.Store.FindByPhone(Vip).Single();

        var call = await _pbx.RunAsync("ivr", Vip, new AgiCaller("1", "0"));

        Assert.Equal("agent", call.Variables["IVR_RESULT"]);
        Assert.Contains("told balance", call.Variables["IVR_CONTEXT"], StringComparison.Ordinal);
        var events = await JournalAsync(e => e.Any(x => x.Payload is WriteBackCompleted { Action: "AddNote" }));
        Assert.Equal("transferred", events.Select(e => e.Payload).OfType<IvrSessionEnded>().Single().Outcome);
        var note = Assert.Single(_crm.Store.Notes(customer.Id));
        Assert.StartsWith("IVR transfer: customer", note.Text, StringComparison.Ordinal);
        Assert.Contains("told balance", note.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caller_hanging_up_in_the_middle_of_a_menu_ends_the_session_as_hung_up_and_the_server_keeps_serving()
    {
        var gone = await _pbx.RunAsync("ivr", Vip, new AgiCaller(AgiCaller.HangUp));
        var next = await _pbx.RunAsync("ivr", Vip, new AgiCaller("1", "9"));

        Assert.True(gone.HungUp);
        Assert.DoesNotContain("IVR_RESULT", gone.Variables.Keys); // nothing more is sent to a dead channel
        Assert.Equal("balance", next.Variables["IVR_RESULT"]);
        var events = await JournalAsync(e => Ended(e, 2));
        var outcomes = events.Select(e => e.Payload).OfType<IvrSessionEnded>().Select(e => e.Outcome).ToList();
        Assert.Equal(["caller-hung-up", "self-served"], outcomes);
        var containment = ContainmentRate.From(events.Select(e => e.Payload));
        Assert.Equal(0.5, containment.Rate);
    }

    [Fact]
    public async Task Garbage_lines_between_replies_are_skipped_and_counted_and_the_call_still_completes()
    {
        var call = await _pbx.RunAsync("ivr", Vip, new AgiCaller("1", "9"), garbageAfterReplies: (2, "*** not agi ***\n\x01\x02junk\n"));

        Assert.Equal("balance", call.Variables["IVR_RESULT"]);
        await JournalAsync(e => Ended(e, 1));
        Assert.Equal(2, _runtime.FastAgiServers[0].FramingErrors);
    }

    [Fact]
    public async Task The_outbound_survey_takes_a_score_of_1_to_5_and_writes_it_to_the_customer_in_the_CRM()
    {
        var customer = _crm.Store.FindByPhone(Vip).Single();

        var call = await _pbx.RunAsync($"survey?campaign=spring-renewals&number=%2B86{Vip}", "4008001234", new AgiCaller("7", "4"));

        Assert.Equal("4", call.Variables["SURVEY_SCORE"]);
        Assert.Equal(["prompt:survey/satisfaction", "prompt:survey/invalid", "prompt:survey/satisfaction", "prompt:survey/thank-you"], call.Heard);
        await JournalAsync(e => e.Any(x => x.Payload is WriteBackCompleted { Action: "AddNote" }));
        Assert.Equal("Satisfaction survey (spring-renewals): 4/5", Assert.Single(_crm.Store.Notes(customer.Id)).Text);
    }

    [Fact]
    public async Task An_unknown_script_name_sets_IVR_RESULT_error_and_is_journaled_as_failed()
    {
        var call = await _pbx.RunAsync("nosuchapp", Vip, new AgiCaller());

        Assert.Equal("error", call.Variables["IVR_RESULT"]);
        var events = await JournalAsync(e => Ended(e, 1));
        var ended = events.Select(e => e.Payload).OfType<IvrSessionEnded>().Single();
        Assert.Equal("failed", ended.Outcome);
        Assert.Contains("no voice application named 'nosuchapp'", ended.Error, StringComparison.Ordinal);
    }
}
