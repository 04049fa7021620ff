using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Adapters.Stomp.Client;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Host.Demo;
using Middleware.Samples.Pbx;
using Middleware.TestSupport;
using Middleware.TestSupport.ActiveMq;

namespace Middleware.Host.Tests.Privacy;

/// <summary>
/// PCI DSS 3.3.1: no CVV in any stored transcript. A caller gives card data every way the middleware
/// hears it (the PBX's caller name and channel variables, the recognizer's transcript, IVR results, a
/// ticket drafted from the call) and then the three stores are searched for the digits: the SQLite
/// journal's files, every message a real ActiveMQ delivered, and the sample CRM's database.
/// </summary>
public sealed class PiiStoreTests : IAsyncLifetime
{
    private const string Card = "6222021234567894";
    private const string CardGrouped = "6222 0212 3456 7894";
    private const string CardSpoken = "six two two two zero two one two three four five six seven eight nine four";
    private const string CardChinese = "六二二二零二幺二三四五六七八九四";
    private const string Cvv = "739";
    private const string ResidentId = "11010519491231002X";

    private static readonly string[] CardForms = [Card, CardGrouped, CardSpoken, CardChinese, "6222-0212-3456-7894", ResidentId];
    private static readonly string[] CvvForms = ["seven three nine", "七三九", "cvv " + Cvv, "CVV " + Cvv, "安全码" + Cvv];
    private static readonly Regex StandaloneCvv = new($"(?<![0-9]){Cvv}(?![0-9])");

    private readonly TempDirectory _dir = new();
    private ActiveMqBroker _broker = null!;

    public async Task InitializeAsync() => _broker = await ActiveMqBroker.StartAsync();

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Calls_that_speak_card_data_leave_no_card_or_cvv_digits_in_the_journal_the_broker_or_the_crm()
    {
        var payloads = new ConcurrentBag<string>();
        var kinds = new ConcurrentBag<string>();
        await using var listener = await StompConnection.ConnectAsync(new StompOptions { Port = _broker.StompPort }, TimeProvider.System, NullLogger.Instance, CancellationToken.None);
        foreach (var destination in new[] { "/topic/middleware.events", "/queue/middleware.decisions" })
        {
            await listener.SubscribeAsync(destination, async m =>
            {
                payloads.Add(m.BodyText);
                kinds.Add(m["mw-kind"]!);
                await m.AckAsync();
            });
        }

        var journalPath = _dir.File("journal.db");
        var factory = new EventFactory(TimeProvider.System);
        await using (var demo = await DemoEnvironment.StartAsync(journalPath, speed: 20, NullLoggerFactory.Instance, broker: new Uri($"stomp://127.0.0.1:{_broker.StompPort}")))
        {
            await demo.WaitConnectedAsync(CancellationToken.None);
            var pbx = demo.Pbx.Pbx;

            // The PBX: the caller's name is the card (a CRM pop-up field typed into CallerIDName), the IVR left it in a variable.
            var call = PbxCall.Inbound(pbx, "13700137002", CardGrouped, "4008001234");
            await call.EnterQueueAsync("support");
            pbx.SetVariable(call.Caller, "IVR_CARD", Card);
            pbx.UserEvent("CardCapture", call.Caller, ("Card", Card), ("Security", "cvv " + Cvv));
            var callId = $"pbx-demo:{call.CallId}";

            // The recognizer's segments and an IVR result, as their enrichers and sources publish them.
            CallCenterEvent[] heard =
            [
                new TranscriptSegment(Speaker.Caller, $"my card number is {CardSpoken}", 3, 9, 0.91, "en"),
                new TranscriptSegment(Speaker.Caller, $"the cvv is seven three nine and it expires oh four twenty eight", 9, 12, 0.88, "en"),
                new TranscriptSegment(Speaker.Caller, $"卡号{CardChinese}，安全码七三九，身份证{ResidentId}", 12, 18, 0.9, "zh"),
                new IvrStep("ivr", "card", "lookup", $"caller entered {Card} cvv {Cvv}"),
            ];
            foreach (var payload in heard)
            {
                await demo.Runtime.Pipeline.PublishAsync(factory.Create("asr", callId, payload));
            }

            // A ticket drafted from what was said, written to the CRM through the gate.
            await demo.Runtime.Pipeline.PublishAsync(factory.Create("ticketing", callId, new TicketDraft(
                $"Card {CardGrouped} declined", "billing", "high", $"Caller read {CardSpoken}, CVV {Cvv}, and asked why it was declined", "13700137002", null)));
            call.Abandon(); // the callback ticket's title carries the caller's name

            var ours = () => demo.Crm.Store.Tickets().Where(t => t.Title.StartsWith("Card ", StringComparison.Ordinal) || t.Title.StartsWith("Call back", StringComparison.Ordinal)).ToList();
            await Eventually.True(() => ours().Count >= 2 && kinds.Count(k => k == "WriteBackCompleted") >= 2 && kinds.Contains("TranscriptSegment"),
                "both tickets in the CRM and their outcomes on the broker",
                state: () => $"{ours().Count} ticket(s): {string.Join(" | ", ours().Select(t => t.Title))}; broker kinds: {string.Join(",", kinds.Distinct())}");
            Assert.All(ours(), t => Assert.Equal("13700137002", t.Phone)); // the customer's number is kept where the CRM files it
            Assert.Contains(ours(), t => t.Title == "Card [CARD] declined");
            Assert.Contains(ours(), t => t.Title == "Call back [CARD] ([PHONE])");
        }

        // The journal: every file SQLite wrote (database, WAL, shared memory), as bytes, and every row's text.
        var journalBytes = Directory.GetFiles(_dir.Path, "journal.db*").Select(File.ReadAllBytes).ToList();
        Assert.NotEmpty(journalBytes);
        await using (var journal = await SqliteJournal.OpenAsync(new JournalOptions { Path = journalPath }))
        {
            var rows = (await journal.ReadAfterAsync(0, 100_000)).Select(r => r.Envelope).ToList();
            Assert.Contains(rows, e => e.Payload is TranscriptSegment { Text: "my card number is [CARD]" });
            Assert.Contains(rows, e => e.Payload is CallStarted { CallerName: "[CARD]" });
            foreach (var e in rows)
            {
                AssertClean($"journal {e.Kind} {e.Id}", EventJson.Serialize(e.Payload) + "\n" + e.Raw?.Text);
            }
        }

        foreach (var bytes in journalBytes)
        {
            AssertNoForms("journal file", Encoding.UTF8.GetString(bytes));
        }

        // The broker: every message's payload.
        Assert.NotEmpty(payloads);
        foreach (var body in payloads)
        {
            AssertClean("broker message", JsonNode.Parse(body)!["payload"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }

        // The CRM: its database files, and its tickets' and notes' text.
        foreach (var file in Directory.GetFiles(_dir.Path, "sample-crm.db*"))
        {
            AssertNoForms("crm file", Encoding.UTF8.GetString(File.ReadAllBytes(file)));
        }
    }

    private static void AssertClean(string where, string text)
    {
        AssertNoForms(where, text);
        Assert.False(StandaloneCvv.IsMatch(text), $"{where}: CVV digits in {text}");
    }

    private static void AssertNoForms(string where, string text)
    {
        foreach (var form in CardForms.Concat(CvvForms))
        {
            Assert.False(text.Contains(form, StringComparison.OrdinalIgnoreCase), $"{where}: '{form}' found");
        }
    }
}
