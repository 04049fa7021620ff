using Middleware.Core.Events;
using Middleware.Enrichment.Qa;
using Middleware.TestSupport;

namespace Middleware.Enrichment.Tests.Qa;

public class QaEnricherTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-26T10:00:00Z");

    private static async Task<List<EventEnvelope>> RunAsync(string language, params (Speaker Speaker, double Start, double End, string Text)[] said)
    {
        await using var h = await PipelineHarness.StartAsync([new QaEnricher(new QaOptions())], options: new Core.Pipeline.PipelineOptions { Partitions = 1 });
        await h.Pipeline.PublishAsync(TestEvents.Make("c1", new CallStarted("13900000000", null, "400", CallDirection.Inbound), at: T0));
        foreach (var s in said)
        {
            await h.Pipeline.PublishAsync(TestEvents.Make("c1", new TranscriptSegment(s.Speaker, s.Text, s.Start, s.End, 0.9, language), at: T0.AddSeconds(s.End)));
        }

        await h.Pipeline.PublishAsync(TestEvents.Make("c1", new CallEnded("normal-clearing", 16, 120, 110, HangupParty.Caller), at: T0.AddSeconds(120)));
        await h.Pipeline.StopAsync();
        return await h.JournaledAsync();
    }

    [Fact]
    public async Task A_model_english_call_scores_full_marks_and_is_flagged_exemplary()
    {
        var journal = await RunAsync("en",
            (Speaker.Agent, 0, 6, "Good morning, thank you for calling. This call may be recorded for quality. How can I help?"),
            (Speaker.Caller, 6, 12, "Hi, my card payment failed twice today."),
            (Speaker.Agent, 12, 17, "Sorry to hear that. Could you please confirm your date of birth?"),
            (Speaker.Caller, 17, 20, "Fourth of May, nineteen eighty."),
            (Speaker.Agent, 20, 26, "Thank you. The payment was blocked by the fraud check; I have released it."),
            (Speaker.Caller, 26, 29, "Great, thanks."),
            (Speaker.Agent, 29, 33, "Is there anything else I can help with? Have a nice day."));

        var score = Assert.Single(journal.Select(e => e.Payload).OfType<QaScored>());
        Assert.Empty(journal.Select(e => e.Payload).OfType<QaFinding>());
        Assert.Equal((100.0, true, "en", 0), (score.Total, score.Exemplary, score.RuleSet, score.Findings));
        Assert.Equal(["closing", "compliance", "disclosures", "greeting", "identity_check", "politeness", "silence", "talk_over", "talk_ratio"], score.Dimensions.Keys.Order());
    }

    [Fact]
    public async Task A_forbidden_phrase_and_a_long_silence_are_raised_during_the_call_and_the_rest_at_hangup()
    {
        await using var h = await PipelineHarness.StartAsync([new QaEnricher(new QaOptions())], options: new Core.Pipeline.PipelineOptions { Partitions = 1 });
        await h.Pipeline.PublishAsync(TestEvents.Make("c1", new CallStarted("1", null, "400", CallDirection.Inbound), at: T0));
        await h.Pipeline.PublishAsync(TestEvents.Make("c1", new TranscriptSegment(Speaker.Caller, "My parcel never came.", 0, 4, 0.9, "en"), at: T0));
        await h.Pipeline.PublishAsync(TestEvents.Make("c1", new TranscriptSegment(Speaker.Agent, "That is not my problem.", 3, 8, 0.9, "en"), at: T0));
        await h.Pipeline.PublishAsync(TestEvents.Make("c1", new TranscriptSegment(Speaker.Caller, "Excuse me?", 25, 27, 0.9, "en"), at: T0));
        await Eventually.True(() => h.JournaledAsync().GetAwaiter().GetResult().Count(e => e.Payload is QaFinding) == 2, "the two findings before hangup");
        var during = (await h.JournaledAsync()).Select(e => e.Payload).OfType<QaFinding>().ToList();
        Assert.Equal(("forbidden", "critical", "That is not my problem."), (during[0].Rule, during[0].Severity, during[0].Excerpt));
        Assert.Equal(("silence", "17 s of silence at 8 s"), (during[1].Rule, during[1].Message));

        await h.Pipeline.PublishAsync(TestEvents.Make("c1", new CallEnded("normal-clearing", 16, 30, 30, HangupParty.Caller), at: T0.AddSeconds(30)));
        await h.Pipeline.StopAsync();
        var journal = (await h.JournaledAsync()).Select(e => e.Payload).ToList();
        var rules = journal.OfType<QaFinding>().Select(f => f.Rule).ToList();
        Assert.Equal(1, rules.Count(r => r == "forbidden")); // not raised twice
        Assert.Contains("greeting", rules);
        Assert.Contains("identity_check", rules);
        Assert.Contains("disclosures", rules);
        var score = Assert.Single(journal.OfType<QaScored>());
        Assert.Equal((50.0, 80.0, 1.0 * 100), (score.Dimensions["compliance"], score.Dimensions["silence"], score.Dimensions["talk_over"]));
        Assert.False(score.Exemplary);
        Assert.InRange(score.Total, 1, 60);
    }

    [Fact]
    public async Task A_chinese_call_is_judged_by_the_chinese_rule_set()
    {
        var journal = await RunAsync("zh",
            (Speaker.Agent, 0, 5, "您好，欢迎致电，本次通话可能会被录音，请问有什么可以帮您？"),
            (Speaker.Caller, 5, 10, "我的信用卡被冻结了。"),
            (Speaker.Agent, 10, 15, "不好意思，我先核实一下您的身份证后四位。"),
            (Speaker.Caller, 15, 18, "一二三四。"),
            (Speaker.Agent, 18, 24, "谢谢，已经为您解冻。还有其他问题吗？祝您生活愉快，再见。"));

        var score = Assert.Single(journal.Select(e => e.Payload).OfType<QaScored>());
        Assert.Equal(("zh", 100.0), (score.RuleSet, score.Total));
    }

    [Fact]
    public async Task A_call_without_agent_speech_has_nothing_to_judge()
    {
        var journal = await RunAsync("en", (Speaker.Caller, 0, 4, "Hello? Is anyone there?"));

        Assert.DoesNotContain(journal, e => e.Payload is QaScored or QaFinding);
    }

    [Fact]
    public void Talk_over_is_the_overlap_of_the_two_legs()
    {
        TranscriptSegment S(Speaker speaker, double start, double end) => new(speaker, "x", start, end, 1, "en");

        Assert.Equal(3.0, QaScorer.TalkOver([S(Speaker.Caller, 0, 5), S(Speaker.Agent, 3, 8), S(Speaker.Caller, 7, 9)]));
    }
}
