using Middleware.Core.Events;
using Middleware.Enrichment.Emotion;
using Middleware.Enrichment.Intent;
using Middleware.Enrichment.Routing;
using Middleware.Enrichment.Tests.Text;
using Middleware.Enrichment.Text;
using Middleware.TestSupport;

namespace Middleware.Enrichment.Tests.Emotion;

/// <summary>Transcript segments through a real pipeline with the shipped models: emotion, escalation, intent.</summary>
public class EmotionPipelineTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-26T10:00:00Z");

    private static EventEnvelope At(int seconds, string callId, CallCenterEvent payload) => TestEvents.Make(callId, payload, source: "pbx", at: T0.AddSeconds(seconds));

    private static async Task<List<CallCenterEvent>> RunAsync(params EventEnvelope[] events)
    {
        var models = ShippedModels.All();
        IEnumerable<Core.Pipeline.IEnricher> enrichers =
        [
            new EmotionEnricher(new TextEmotionReader(models), new EmotionOptions { EscalateAfter = TimeSpan.FromSeconds(15) }),
            new IntentEnricher(models, new IntentOptions()),
            new QueueRoutingAdvisor(new RoutingOptions()),
        ];
        await using var h = await PipelineHarness.StartAsync(enrichers, options: new Core.Pipeline.PipelineOptions { Partitions = 2 });
        foreach (var e in events)
        {
            await h.Pipeline.PublishAsync(e);
        }

        await h.Pipeline.StopAsync();
        return (await h.JournaledAsync()).Select(e => e.Payload).ToList();
    }

    private static TranscriptSegment Say(string text, double start, double end, string? language = null, Speaker speaker = Speaker.Caller) =>
        new(speaker, text, start, end, 0.9, language);

    [Fact]
    public async Task An_upset_chinese_caller_gets_readings_an_escalation_and_an_intent_with_keywords()
    {
        var events = await RunAsync(
            At(0, "c1", new CallStarted("13900000000", null, "400", CallDirection.Inbound)),
            At(1, "c1", Say("你好，我上周买的衣服尺码不对，洗了一次就掉色", 1, 5, "zh")),
            At(2, "c1", Say("太差劲了，客服一直不回复，我非常生气，要投诉", 6, 12, "zh")),
            At(3, "c1", Say("这件衣服质量太差了，线头很多，我要退货退款", 13, 20, "zh")),
            At(4, "c1", Say("好的，请稍等", 20, 22, "zh", Speaker.Agent)));

        var readings = events.OfType<EmotionReading>().ToList();
        Assert.Equal(3, readings.Count); // the agent is not read by default
        Assert.All(readings, r => Assert.Equal(("zh", "text"), (r.Language, r.DecidedBy)));
        Assert.True(readings[1].Valence < -0.5, $"valence {readings[1].Valence}");
        Assert.Contains(readings[1].Emotion, new[] { "frustrated", "angry" });
        Assert.Contains(readings[^1].CallEmotion, new[] { "frustrated", "angry" });
        var risk = Assert.Single(events.OfType<EscalationRisk>());
        Assert.True(risk.FrustratedSeconds >= 15);
        Assert.Contains(events.OfType<RoutingHint>(), h => h.Action == "escalate");
        var intent = events.OfType<IntentDetected>().Last();
        Assert.Equal(("衣服", "zh"), (intent.Intent, intent.Language));
        Assert.Contains("衣服", intent.Keywords!);
    }

    [Fact]
    public async Task An_english_caller_gets_an_intent_and_a_call_can_switch_language()
    {
        var events = await RunAsync(
            At(0, "c2", new CallStarted("13900000001", null, "400", CallDirection.Inbound)),
            At(1, "c2", Say("Hi, I ordered a new card two weeks ago and it still has not arrived.", 1, 5)),
            At(2, "c2", Say("Thank you so much, that is really helpful, great service!", 6, 9, "en-US")),
            At(3, "c2", Say("还有，我的平板电脑充电很慢", 10, 13)));

        var intents = events.OfType<IntentDetected>().ToList();
        Assert.Equal(("card_arrival", "en"), (intents[0].Intent, intents[0].Language));
        Assert.Contains("arrived", intents[0].Keywords!);
        Assert.Contains(intents, i => i.Language == "zh" && i.Intent == "平板");
        var readings = events.OfType<EmotionReading>().ToList();
        Assert.Equal("calm", readings[1].Emotion);
        Assert.Equal("zh", readings[2].Language);
        Assert.Empty(events.OfType<EscalationRisk>());
    }

    [Fact]
    public async Task Voice_features_fuse_with_the_segment_they_belong_to()
    {
        var events = await RunAsync(
            At(0, "c3", new CallStarted("13900000002", null, "400", CallDirection.Inbound)),
            At(1, "c3", Say("This is the third time I am calling about this charge.", 1, 5)),
            At(2, "c3", new VoiceFeatures(Speaker.Caller, 1, 5, 2.5, 2.0, 1.5)),
            At(3, "c3", new VoiceFeatures(Speaker.Caller, 6, 8, 2.8, 2.5, 2.0)),
            At(4, "c3", Say("", 6, 8)));

        var readings = events.OfType<EmotionReading>().ToList();
        Assert.Equal(3, readings.Count);
        Assert.Null(readings[0].Arousal);
        Assert.True(readings[1].Arousal > 0.7);
        Assert.Contains("voice", readings[1].DecidedBy!, StringComparison.Ordinal);
        Assert.Equal(("frustrated", "voice"), (readings[2].Emotion, readings[2].DecidedBy)); // no words, shouting
    }

    [Theory]
    [InlineData("")]
    [InlineData("😡😡😡🤬🤬")]
    [InlineData("   \t\n ")]
    [InlineData("我的order還沒到！！！ WTF 😡 #12345")]
    public async Task Bad_text_never_breaks_the_call(string text)
    {
        var events = await RunAsync(
            At(0, "c4", new CallStarted("13900000003", null, "400", CallDirection.Inbound)),
            At(1, "c4", Say(text, 1, 2)));

        Assert.Empty(events.OfType<EnricherFailed>());
        var reading = Assert.Single(events.OfType<EmotionReading>());
        Assert.InRange(reading.Valence, -1, 1);
    }
}
