namespace Middleware.Enrichment.Privacy;

/// <summary>
/// The words that say what a short number is: a 3-digit number is a CVV only after "CVV", "安全码"…;
/// a 4-digit one an expiry only after "expires", "有效期"…; an 11-digit one is not a phone number
/// right after "order number" or "订单号". English keywords match whole words only ("exp" is not "expect").
/// </summary>
internal static class Keywords
{
    public static readonly string[] Cvv =
    [
        "cvv", "cvv2", "cvc", "cvc2", "cvn", "cid", "security code", "security number", "card verification",
        "verification value", "verification code", "on the back", "back of the card", "back of my card", "three digits", "3 digits",
        "three digit code", "3 digit code", "three-digit code", "3-digit code", "four digit code", "4 digit code",
        "安全码", "校验码", "验证码", "背面", "背后", "后三位", "三位数",
    ];

    public static readonly string[] Expiry =
    [
        "expiry", "expiration", "expires", "expire", "expiring", "exp", "valid thru", "valid through", "valid until",
        "valid till", "good thru", "good through", "end date", "有效期", "到期", "过期", "有效日期",
    ];

    public static readonly string[] Card = ["card", "card number", "卡号", "银行卡", "信用卡", "储蓄卡", "借记卡"];

    /// <summary>What a local number (no area code) is said after.</summary>
    public static readonly string[] Phone =
    [
        "call", "phone", "mobile", "cell", "office", "landline", "number is", "reach me", "电话", "手机", "座机", "号码", "打",
    ];

    private static readonly string[] Fillers = ["um", "umm", "uh", "uhm", "er", "erm", "ah", "hmm", "mm"];

    public static bool IsFiller(ReadOnlySpan<char> word)
    {
        foreach (var f in Fillers)
        {
            if (word.Equals(f, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What an identifier that is not personal data is called just before it is said.</summary>
    public static readonly string[] NotPhone =
    [
        "order number", "order no", "order id", "order #", "order", "tracking number", "tracking", "invoice", "invoice number",
        "reference number", "reference", "ref", "case number", "ticket number", "ticket", "extension", "ext", "account number",
        "amount", "transaction", "serial", "model", "sku", "policy number", "membership number", "membership", "member number",
        "member id", "loyalty number", "customer number", "customer id",
        "订单号", "订单", "单号", "编号", "工单", "分机", "流水号", "金额", "快递", "会员号", "会员卡号", "客户号",
    ];

    /// <summary>Where the nearest of <paramref name="keywords"/> ends within <paramref name="window"/> characters before <paramref name="position"/>, or -1.</summary>
    public static int NearestBefore(string text, int position, int window, string[] keywords)
    {
        var from = Math.Max(0, position - window);
        var best = -1;
        foreach (var keyword in keywords)
        {
            // A keyword counts when it ends inside the window, though it may begin before it ("my membership number is …").
            var spanStart = Math.Max(0, from - keyword.Length + 1);
            var at = LastWholeWord(text.AsSpan(spanStart, position - spanStart), keyword);
            if (at >= 0 && spanStart + at + keyword.Length > best)
            {
                best = spanStart + at + keyword.Length;
            }
        }

        return best;
    }

    private static int LastWholeWord(ReadOnlySpan<char> span, string keyword)
    {
        var end = span.Length;
        while (end > 0)
        {
            var at = span[..end].LastIndexOf(keyword, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return -1;
            }

            var asciiKeyword = DigitTokenizer.IsAsciiLetter(keyword[0]);
            var before = at == 0 || !DigitTokenizer.IsAsciiLetter(span[at - 1]);
            var after = at + keyword.Length >= span.Length || !DigitTokenizer.IsAsciiLetter(span[at + keyword.Length]);
            if (!asciiKeyword || (before && after))
            {
                return at;
            }

            end = at + keyword.Length - 1;
        }

        return -1;
    }
}
