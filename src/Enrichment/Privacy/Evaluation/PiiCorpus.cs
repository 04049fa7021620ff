namespace Middleware.Enrichment.Privacy.Evaluation;

/// <summary>
/// A seeded set of call-center utterances in English and Chinese with the personal data marked: cards,
/// resident IDs, CVVs, expiry dates, phone numbers and e-mail addresses written, grouped, spoken digit by
/// digit or mixed; and negatives that look like them but are not (order and tracking numbers, amounts,
/// dates, times, extensions, counts). The same seed gives the same set on every machine.
/// </summary>
public static class PiiCorpus
{
    /// <summary>A slot of a template: its text, and its type when it is personal data (null for a look-alike).</summary>
    private readonly record struct Slot(string? Type, string Text);

    public static List<LabelledUtterance> Generate(int seed, int count)
    {
        var random = new Random(seed);
        var v = new PiiValues(random);
        var list = new List<LabelledUtterance>(count);
        for (var i = 0; i < count; i++)
        {
            var language = i % 2 == 0 ? "en" : "zh";
            var (template, slots) = random.Next(10) switch
            {
                < 6 => Positive(v, language),
                < 9 => Negative(v, language),
                _ => Both(v, language),
            };
            list.Add(Fill(language, template, slots));
        }

        return list;
    }

    private static LabelledUtterance Fill(string language, string template, Slot[] slots)
    {
        var text = new StringBuilder();
        var gold = new List<GoldSpan>();
        var parts = template.Split("{}");
        for (var k = 0; k < parts.Length; k++)
        {
            text.Append(parts[k]);
            if (k < slots.Length)
            {
                if (slots[k].Type is { } type)
                {
                    gold.Add(new GoldSpan(type, text.Length, slots[k].Text.Length));
                }

                text.Append(slots[k].Text);
            }
        }

        return new LabelledUtterance(language, text.ToString(), gold);
    }

    private static (string, Slot[]) Positive(PiiValues v, string lang)
    {
        var en = lang == "en";
        return v.Pick("card", "card", "cardset", "id", "phone", "phone", "email", "cvv", "expiry") switch
        {
            "card" => (en ? v.Pick("my card number is {}", "the card is {} thanks", "charge it to {}, please", "it's {}", "the long number on the card is {}")
                          : v.Pick("我的卡号是{}", "卡号{}", "银行卡号是{}，谢谢", "用这张卡{}付款"), [new(PiiTypes.Card, Number(v, v.Card(), lang, 4))]),
            "cardset" => (en ? v.Pick("card {}, expiry {}, cvv {}", "the card is {} and it expires {}, security code {}")
                             : v.Pick("卡号{}，有效期{}，安全码{}", "卡号是{}，有效期到{}，背面后三位是{}"),
                [new(PiiTypes.Card, Number(v, v.Card(), lang, 4)), new(PiiTypes.Expiry, Expiry(v, lang)), new(PiiTypes.Cvv, Number(v, v.Cvv(), lang, 0))]),
            "id" => (en ? v.Pick("my ID number is {}", "the resident ID is {}") : v.Pick("身份证号码是{}", "我的身份证{}", "证件号{}，麻烦核对一下"),
                [new(PiiTypes.ChineseId, Number(v, v.ResidentId(), lang, 0))]),
            "phone" => (en ? v.Pick("call me back on {}", "my number is {}", "you can reach me at {} after six", "mobile {}")
                           : v.Pick("我的手机号是{}", "回拨电话{}", "联系电话{}，下午都在", "打这个号码{}"), [new(PiiTypes.Phone, Phone(v, lang))]),
            "email" => (en ? v.Pick("my email is {}", "send it to {} please", "the address is {}") : v.Pick("邮箱是{}", "发到我邮箱{}吧"),
                [new(PiiTypes.Email, Email(v, lang))]),
            "cvv" => (en ? v.Pick("the cvv is {}", "security code {}", "the three digits on the back are {}", "CVC {}")
                         : v.Pick("安全码是{}", "卡背面后三位是{}", "CVV码{}"), [new(PiiTypes.Cvv, Number(v, v.Cvv(), lang, 0))]),
            _ => (en ? v.Pick("it expires {}", "expiry date {}", "valid thru {}") : v.Pick("有效期{}", "有效期到{}"), [new(PiiTypes.Expiry, Expiry(v, lang))]),
        };
    }

    private static (string, Slot[]) Negative(PiiValues v, string lang)
    {
        var en = lang == "en";
        Slot Not(string text) => new(null, text);
        return v.Pick("order", "amount", "date", "ext", "track", "count", "invoice", "time") switch
        {
            "order" => (en ? "my order number is {}" : "订单号是{}", [Not(v.Pick("2026" + v.Digits(12), "1" + v.Pick("3", "5", "8") + v.Digits(9), "DD" + v.Digits(10), "9" + v.Digits(15)))]),
            "amount" => (en ? v.Pick("the amount was {}", "I was charged {} twice", "the bill is {} this month") : v.Pick("金额是{}", "扣了我{}", "这个月账单{}"),
                [Not(v.Pick($"{v.Digits(1)},{v.Digits(3)}.{v.Digits(2)}", $"¥{v.Digits(2)},{v.Digits(3)}", $"{v.Digits(3)} yuan", "2,580", en ? "two hundred and fifty dollars" : "两千五百元"))]),
            "date" => (en ? v.Pick("I called on {}", "it was delivered {}", "my appointment is on {}") : v.Pick("我{}打过电话", "{}送到的"),
                [Not(v.Pick("2026-12-02", "12/02", "2026/11/28", en ? "December 2nd" : "十二月二号", en ? "the 28th" : "二零二六年十一月"))]),
            "ext" => (en ? v.Pick("please transfer me to extension {}", "ext {}", "agent {} helped me") : v.Pick("转分机{}", "分机号{}", "工号{}的客服"), [Not(v.Digits(4))]),
            "track" => (en ? "tracking number {}" : "快递单号{}", [Not(v.Pick("SF" + v.Digits(12), "YT" + v.Digits(13), "JD" + v.Digits(15)))]),
            "count" => (en ? v.Pick("I have been waiting {} minutes", "that's {} times I called", "we have {} users on the plan") : v.Pick("等了{}分钟", "打了{}次了", "有{}个人"),
                [Not(v.Pick(v.Digits(2), "twenty", "45", en ? "forty five" : "四十五", "三"))]),
            "invoice" => (en ? "invoice {} from last month" : "发票号{}", [Not(v.Pick("INV-" + v.Digits(8), v.Digits(8)))]),
            _ => (en ? v.Pick("call me at {}", "after {} is fine") : v.Pick("{}以后都可以", "大概{}"), [Not(v.Pick("10:30", "3 pm", "14:45", en ? "half past two" : "下午三点半"))]),
        };
    }

    private static (string, Slot[]) Both(PiiValues v, string lang)
    {
        var (negative, n) = Negative(v, lang);
        var (positive, p) = Positive(v, lang);
        return (negative + (lang == "en" ? ", and " : "，") + positive, [.. n, .. p]);
    }

    private static string Number(PiiValues v, string digits, string lang, int groupOf) =>
        v.Pick("plain", "grouped", "dashed", "spoken", "spoken", "mixed") switch
        {
            "plain" => digits,
            "grouped" when groupOf > 0 => PiiValues.Grouped(digits, ' ', 4, 4, 4, 4),
            "grouped" when digits.Length == 18 => PiiValues.Grouped(digits, ' ', 6, 8, 4),
            "dashed" when groupOf > 0 => PiiValues.Grouped(digits, '-', 4, 4, 4, 4),
            "spoken" => lang == "en" ? v.SpokenEnglish(digits, groupOf) : v.SpokenChinese(digits),
            "mixed" when digits.Length > 4 => v.Mixed(digits, lang),
            _ => digits,
        };

    private static string Phone(PiiValues v, string lang)
    {
        var mobile = v.Mobile();
        return v.Pick("plain", "344", "dash", "plus", "spoken", "spoken", "landline", "international") switch
        {
            "plain" => mobile,
            "344" => PiiValues.Grouped(mobile, ' ', 3, 4, 4),
            "dash" => PiiValues.Grouped(mobile, '-', 3, 4, 4),
            "plus" => "+86 " + PiiValues.Grouped(mobile, ' ', 3, 4, 4),
            "spoken" => lang == "en" ? v.SpokenEnglish(mobile, 4) : v.SpokenChinese(mobile),
            "landline" => v.Pick("010-", "021-", "0755-", "0571 ", "(020) ") + v.Digits(8),
            _ => v.Pick("+44 20 7946 " + v.Digits(4), "+1 415 555 " + v.Digits(4), "+852 " + PiiValues.Grouped(v.Digits(8), ' ', 4, 4)),
        };
    }

    private static string Expiry(PiiValues v, string lang)
    {
        var (month, year) = v.Expiry();
        var mm = month.ToString("00");
        return v.Pick("slash", "slash", "long", "spoken") switch
        {
            "slash" => $"{mm}/{year}",
            "long" => $"{mm}/20{year}",
            _ => lang == "en" ? SpokenMonth(v, month) + " " + SpokenYear(year) : v.SpokenChinese(mm) + "/" + v.SpokenChinese(year.ToString()),
        };
    }

    private static readonly string[] Units = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    /// <summary>"oh four", "ten", "one two".</summary>
    private static string SpokenMonth(PiiValues v, int month) => month switch
    {
        < 10 => "oh " + Units[month],
        _ => v.Chance(0.5) ? v.SpokenEnglish(month.ToString()) : month == 10 ? "ten" : month == 11 ? "eleven" : "twelve",
    };

    /// <summary>"twenty eight", "thirty", "thirty one".</summary>
    private static string SpokenYear(int year) => (year / 10 == 2 ? "twenty" : "thirty") + (year % 10 == 0 ? "" : " " + Units[year % 10]);

    private static string Email(PiiValues v, string lang)
    {
        var (user, spokenUser) = v.Pick("li.lei", "zhang_san", "wangfang88", "john.smith", "mary_j", "chen.jing") switch
        {
            var u => (u, u.Replace(".", " dot ").Replace("_", " underscore ")),
        };
        var domain = v.Pick("qq.com", "163.com", "gmail.com", "example.com", "company.cn");
        return v.Pick("written", "written", "spoken") switch
        {
            "written" => $"{user}@{domain}",
            _ => lang == "en" ? $"{spokenUser} at {domain.Replace(".", " dot ")}" : $"{user.Replace(".", "点")}艾特{domain.Replace(".", "点")}",
        };
    }
}
