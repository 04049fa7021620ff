using Middleware.Core.Events;
using Middleware.Core.Privacy;
using Middleware.Core.WriteBack;
using Middleware.Enrichment.Privacy;
using Middleware.TestSupport;

namespace Middleware.Enrichment.Tests.Privacy;

/// <summary>The pipeline redacts before the journal: what is stored, and what enrichers and write-backs are built from.</summary>
public sealed class PipelineRedactionTests
{
    private const string Card = "6222021234567894";

    [Fact]
    public async Task A_card_said_as_caller_name_is_neither_in_the_payload_nor_in_the_raw_ami_text()
    {
        await using var harness = await PipelineHarness.StartAsync(redactor: PiiRedactor.Instance);
        var raw = RawSource.FromText("ami", "Event: Newchannel\r\nChannel: PJSIP/trunk-0001\r\nCallerIDNum: 13800138000\r\nCallerIDName: 6222 0212 3456 7894\r\nUniqueid: 1700000000.1\r\n\r\n");
        var envelope = TestEvents.Make("c1", new CallStarted("13800138000", "6222 0212 3456 7894", "4008001234", CallDirection.Inbound, "PJSIP/trunk-0001")) with { Raw = raw };

        await harness.Pipeline.PublishAsync(envelope);

        var stored = Assert.Single(await harness.JournaledAsync());
        var started = Assert.IsType<CallStarted>(stored.Payload);
        Assert.Equal("[CARD]", started.CallerName);
        Assert.Equal("13800138000", started.CallerNumber); // the CRM finds the customer by it
        Assert.Equal("4008001234", started.DialedNumber);
        Assert.Contains("CallerIDName: [CARD]\r\n", stored.Raw!.Text);
        Assert.Contains("CallerIDNum: 13800138000\r\n", stored.Raw.Text);
        Assert.EndsWith("Uniqueid: 1700000000.1\r\n\r\n", stored.Raw.Text);
    }

    [Fact]
    public async Task Derived_text_is_redacted_before_it_is_journaled_and_before_the_next_enricher_reads_it()
    {
        string? seenByNext = null;
        var asr = new DelegateEnricher("asr", [EventKinds.CallStarted], (e, context) =>
        {
            context.Emit(new TranscriptSegment(Speaker.Caller, "my card is six two two two zero two one two three four five six seven eight nine four, cvv one two three", 1, 5, 0.9, "en"));
            return ValueTask.CompletedTask;
        });
        var notes = new DelegateEnricher("notes", [EventKinds.TranscriptSegment], (e, context) =>
        {
            seenByNext = ((TranscriptSegment)e.Payload).Text;
            context.RequestWriteBack("crm", "AddNote", new Dictionary<string, string> { ["customerNumber"] = "13800138000", ["text"] = "caller said: " + seenByNext + "; call back on 13900139000" }, "note");
            return ValueTask.CompletedTask;
        });
        var sink = new RecordingSink(EventKinds.WriteBackRequested);
        await using var harness = await PipelineHarness.StartAsync(enrichers: [asr, notes], sinks: [sink], redactor: PiiRedactor.Instance);

        await harness.Pipeline.PublishAsync(TestEvents.Started("c2"));

        await Eventually.True(() => sink.Seen.Count > 0, "the note's write-back request (journaled before it is processed)");
        var journaled = await harness.JournaledAsync();
        var segment = journaled.Select(e => e.Payload).OfType<TranscriptSegment>().Single();
        Assert.Equal("my card is [CARD], cvv [CVV]", segment.Text);
        Assert.Equal(segment.Text, seenByNext);
        var request = journaled.Select(e => e.Payload).OfType<WriteBackRequested>().Single();
        Assert.Equal("13800138000", request.Parameters["customerNumber"]);
        Assert.Equal("caller said: my card is [CARD], cvv [CVV]; call back on [PHONE]", request.Parameters["text"]);
    }

    [Fact]
    public async Task Unmapped_source_fields_keep_addressing_and_lose_personal_data()
    {
        await using var harness = await PipelineHarness.StartAsync(redactor: PiiRedactor.Instance);
        await harness.Pipeline.PublishAsync(TestEvents.Make("c3", new Unmapped("ami", "VarSet",
        [
            new SourceField("CallerIDNum", "13800138000"),
            new SourceField("Variable", "IVR_CARD"),
            new SourceField("Value", "6222021234567894"),
            new SourceField("AppData", "callback 13900139000"),
        ])));

        var fields = Assert.IsType<Unmapped>(Assert.Single(await harness.JournaledAsync()).Payload).Fields;
        Assert.Equal(["13800138000", "IVR_CARD", "[CARD]", "callback [PHONE]"], fields.Select(f => f.Value));
    }

    [Fact]
    public void Nothing_to_redact_leaves_the_envelope_itself()
    {
        var redactor = new EnvelopeRedactor(PiiRedactor.Instance);
        var envelope = TestEvents.Started("c4") with { Raw = RawSource.FromText("ami", "Event: Newchannel\r\nCallerIDNum: 13800138000\r\n\r\n") };
        Assert.Same(envelope, redactor.Redact(envelope));
    }

    [Fact]
    public void Sip_raw_text_keeps_its_addressing_and_loses_a_card_in_the_subject()
    {
        var redactor = new EnvelopeRedactor(PiiRedactor.Instance);
        const string sip = "INVITE sip:4008001234@pbx.example.com SIP/2.0\r\nFrom: \"Li\" <sip:13800138000@sbc.example.com>;tag=1\r\nTo: <sip:4008001234@pbx.example.com>\r\nSubject: card 6222021234567894\r\nContent-Length: 0\r\n\r\nv=0\r\no=- 13800138000 1 IN IP4 10.0.0.1\r\n";
        var envelope = TestEvents.Started("c5") with { Raw = RawSource.FromText("sip", sip) };
        var text = redactor.Redact(envelope).Raw!.Text;
        Assert.Equal(sip.Replace("card 6222021234567894", "card [CARD]"), text);
    }

    [Fact]
    public void Every_kind_with_text_is_covered_without_being_listed()
    {
        var redactor = new EnvelopeRedactor(PiiRedactor.Instance);
        CallCenterEvent[] payloads =
        [
            new IvrStep("ivr", "balance", "lookup", "card 6222021234567894"),
            new IvrSessionEnded("ivr", "transferred", "cvv 123", 4, 12),
            new TicketDraft("Refund for 6222021234567894", "billing", "high", "caller gave cvv 123 and e-mail li.lei@example.com", "13800138000", null),
            new QaFinding("no-card-readback", "high", "agent read back 6222021234567894", "security code 123", null),
            new IntentDetected("refund", 0.9, "billing", "my email is li.lei@example.com", ["6222021234567894"], "en"),
            new WriteBackFailed("r1", "crm", "AddNote", "rejected note with 6222021234567894", 1),
            new IvrSessionStarted("ivr", "PJSIP/1-1", "13800138000", "en", new Dictionary<string, string> { ["card"] = "6222021234567894" }),
        ];
        foreach (var payload in payloads)
        {
            var json = EventJson.Serialize(redactor.Redact(TestEvents.Make("c6", payload)).Payload);
            Assert.DoesNotContain("6222021234567894", json);
            Assert.DoesNotContain("123\"", json);
            Assert.DoesNotContain("li.lei", json);
        }
    }

    [Fact]
    public async Task Without_a_redactor_the_pipeline_stores_text_as_it_came()
    {
        await using var harness = await PipelineHarness.StartAsync(redactor: NoRedaction.Instance);
        await harness.Pipeline.PublishAsync(TestEvents.Make("c7", new CallStarted("13800138000", Card, null, CallDirection.Inbound)));
        Assert.Equal(Card, Assert.IsType<CallStarted>(Assert.Single(await harness.JournaledAsync()).Payload).CallerName);
    }
}
