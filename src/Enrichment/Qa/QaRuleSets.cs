namespace Middleware.Enrichment.Qa;

/// <summary>The shipped rule sets: what call-center QA forms commonly check, in English and Chinese.</summary>
public static class QaRuleSets
{
    public static QaRuleSet English() => new()
    {
        Language = "en",
        Greeting = new() { Phrases = ["thank you for calling", "thanks for calling", "good morning", "good afternoon", "good evening", "how can i help", "how may i help"] },
        IdentityCheck = new() { Phrases = ["date of birth", "verify your", "confirm your", "last four digits", "security question", "account number", "postcode"] },
        Closing = new() { Phrases = ["anything else", "have a nice day", "have a great day", "thank you for calling", "goodbye", "bye"] },
        Disclosures = [new() { Name = "recording", Phrases = ["this call may be recorded", "call is recorded", "recorded for quality", "recorded for training"] }],
        Forbidden = ["shut up", "not my problem", "stupid", "calm down", "i don't care", "whatever"],
        Politeness = new() { Phrases = ["please", "thank you", "thanks", "sorry", "apologize", "my pleasure", "you're welcome"] },
    };

    public static QaRuleSet Chinese() => new()
    {
        Language = "zh",
        Greeting = new() { Phrases = ["您好", "你好", "欢迎致电", "很高兴为您服务", "请问有什么可以帮您"] },
        IdentityCheck = new() { Phrases = ["身份证", "核实一下", "验证一下", "后四位", "预留手机", "出生日期", "确认一下您的"] },
        Closing = new() { Phrases = ["还有其他", "还有什么可以帮您", "感谢您的来电", "祝您生活愉快", "再见"] },
        Disclosures = [new() { Name = "recording", Phrases = ["本次通话可能会被录音", "通话将被录音", "录音"] }],
        Forbidden = ["我也不知道", "不归我管", "你自己看", "闭嘴", "爱打不打", "烦不烦"],
        Politeness = new() { Phrases = ["请", "谢谢", "不好意思", "抱歉", "感谢", "请问"] },
    };
}
