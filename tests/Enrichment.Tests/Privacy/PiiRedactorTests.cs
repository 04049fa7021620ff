using Middleware.Enrichment.Privacy;

namespace Middleware.Enrichment.Tests.Privacy;

public sealed class PiiRedactorTests
{
    private static string Redact(string text, string? language = null) => PiiRedactor.Instance.Redact(text, language).Text;

    [Theory]
    [InlineData("my card is 6222021234567894 thanks", "my card is [CARD] thanks")]
    [InlineData("card 6222 0212 3456 7894 please", "card [CARD] please")]
    [InlineData("card 6222-0212-3456-7894", "card [CARD]")]
    [InlineData("19 digits 6217 0012 3456 7890 122 ok", "19 digits [CARD] ok")]
    [InlineData("visa 4111 1111 1111 1111", "visa [CARD]")]
    [InlineData("卡号是6250941006528599", "卡号是[CARD]")]
    public void Bank_cards_by_luhn_written(string text, string expected) => Assert.Equal(expected, Redact(text));

    [Theory]
    [InlineData("six two two two zero two one two three four five six seven eight nine four", "[CARD]")]
    [InlineData("six two double two, oh two one two, three four five six, seven eight nine four", "[CARD]")]
    [InlineData("卡号六二二二零二幺二三四五六七八九四", "卡号[CARD]")]
    [InlineData("卡号 6222 零二一二 three four five six 7894", "卡号 [CARD]")]
    public void Bank_cards_spoken_and_mixed(string text, string expected) => Assert.Equal(expected, Redact(text));

    [Theory]
    [InlineData("order 6222021234567895 shipped")] // Luhn fails
    [InlineData("tracking 2026120212345678")] // no card scheme starts 20
    [InlineData("the amount is 1,299.00 yuan")]
    public void Numbers_that_are_not_cards_stay(string text) => Assert.Equal(text, Redact(text));

    [Theory]
    [InlineData("身份证号11010519491231002X", "身份证号[CN_ID]")]
    [InlineData("ID 440304199003074473.", "ID [CN_ID].")]
    [InlineData("身份证 三幺零幺幺五幺九八五零六幺二幺二三X", "身份证 [CN_ID]")]
    [InlineData("my id is three one zero one one five one nine eight five zero six one two one two three x", "my id is [CN_ID]")]
    public void Resident_ids_with_check_digit(string text, string expected) => Assert.Equal(expected, Redact(text));

    [Fact]
    public void A_resident_id_with_a_wrong_check_digit_is_not_one()
    {
        Assert.DoesNotContain("[CN_ID]", Redact("编号110105194912310021"));
    }

    [Theory]
    [InlineData("card 6222021234567894 cvv 123", "card [CARD] cvv [CVV]")]
    [InlineData("the security code is four five six", "the security code is [CVV]")]
    [InlineData("安全码是三八七", "安全码是[CVV]")]
    [InlineData("卡背面后三位 1 2 3", "卡背面后三位 [CVV]")]
    [InlineData("6222 0212 3456 7894, 12/28, 123", "[CARD], [EXPIRY], [CVV]")]
    [InlineData("expiry date oh four twenty eight", "expiry date [EXPIRY]")]
    [InlineData("有效期 04/28", "有效期 [EXPIRY]")]
    [InlineData("it expires 12/2029 and the CVC is 9876", "it expires [EXPIRY] and the CVC is [CVV]")]
    public void Cvv_and_expiry_near_keywords_or_a_card(string text, string expected) => Assert.Equal(expected, Redact(text));

    [Theory]
    [InlineData("I expect 123 people")]
    [InlineData("extension 8001 please")]
    [InlineData("meeting at 12/28 in room 301")]
    public void Short_numbers_without_keywords_stay(string text) => Assert.Equal(text, Redact(text));

    [Theory]
    [InlineData("call me on 13800138000", "call me on [PHONE]")]
    [InlineData("call me on 138 0013 8000", "call me on [PHONE]")]
    [InlineData("+86 138-0013-8000", "+[PHONE]")]
    [InlineData("office 010-62345678", "office [PHONE]")]
    [InlineData("0755 1234567", "[PHONE]")]
    [InlineData("my number is +44 20 7946 0958", "my number is +[PHONE]")]
    [InlineData("one three eight double oh one three eight triple oh", "[PHONE]")]
    [InlineData("手机幺三八零零幺三八零零零", "手机[PHONE]")]
    public void Phone_numbers(string text, string expected) => Assert.Equal(expected, Redact(text));

    [Theory]
    [InlineData("order number 13800138000")]
    [InlineData("订单号13800138000")]
    public void An_order_number_is_not_a_phone_number(string text) => Assert.Equal(text, Redact(text));

    [Theory]
    [InlineData("mail john.smith@example.com.", "mail [EMAIL].")]
    [InlineData("write to zhang_san+cc@mail.qq.com today", "write to [EMAIL] today")]
    [InlineData("it's john dot smith at gmail dot com", "it's [EMAIL]")]
    [InlineData("邮箱是zhangsan艾特qq点com", "邮箱是[EMAIL]")]
    public void Email_addresses(string text, string expected) => Assert.Equal(expected, Redact(text));

    [Fact]
    public void Sip_uris_are_signalling_not_email()
    {
        const string text = "From: <sip:1001@pbx.example.com>";
        Assert.Equal(text, Redact(text));
    }

    [Fact]
    public void Nothing_found_returns_the_same_instance_and_no_findings()
    {
        var text = "I would like to check my bill for March, please";
        var result = PiiRedactor.Instance.Redact(text, "en");
        Assert.Same(text, result.Text);
        Assert.False(result.Changed);
    }

    [Fact]
    public void Findings_give_type_and_position_in_the_original()
    {
        var result = PiiRedactor.Instance.Redact("card 6222021234567894 cvv 123");
        Assert.Equal([new("CARD", 5, 16), new("CVV", 26, 3)], result.Findings);
    }

    [Fact]
    public void Language_narrows_the_numerals_read()
    {
        Assert.Equal("卡号[CARD]", Redact("卡号六二二二零二幺二三四五六七八九四", "zh"));
        Assert.Equal("卡号六二二二零二幺二三四五六七八九四", Redact("卡号六二二二零二幺二三四五六七八九四", "en"));
        Assert.Equal("[PHONE]", Redact("one three eight double oh one three eight triple oh", "en"));
        Assert.Equal("卡号[CARD]", Redact("卡号六二二二 zero two one two 三四五六 seven eight nine four", "zh"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("@@@@")]
    [InlineData("double")]
    [InlineData("twenty")]
    [InlineData("+")]
    [InlineData("x")]
    [InlineData("a@b.")]
    [InlineData(" at  dot com")]
    public void Odd_input_does_not_throw(string text) => Assert.NotNull(PiiRedactor.Instance.Redact(text).Text);

    [Fact]
    public void Long_inputs_stay_linear_and_redacted()
    {
        // 200 KB of digits, spoken digits and separators: a backtracking matcher would not finish.
        var text = string.Concat(Enumerable.Repeat("6222 0212 3456 7894 one two three, ", 6000));
        var result = PiiRedactor.Instance.Redact(text);
        Assert.DoesNotContain("7894", result.Text);
        Assert.Equal(6000, result.Findings.Count(f => f.Type == "CARD"));
    }
}

public sealed class PiiRedactorSpeechTests
{
    private static string Redact(string text) => PiiRedactor.Instance.Redact(text).Text;

    [Theory]
    [InlineData("my number is one three eight, um, one two three four, five six seven eight", "my number is [PHONE]")]
    [InlineData("卡号六二二二，呃，零二幺二三四五六七八九四", "卡号[CARD]")]
    [InlineData("card six two two two oh two one two three four five six seven eight nine five", "card [CARD]")] // one digit misheard: Luhn fails
    [InlineData("just call 8765 4321, that's the office", "just call [PHONE], that's the office")]
    [InlineData("有效期是二八年四月", "有效期是[EXPIRY]年四月")]
    public void Hesitations_misheard_digits_and_local_numbers(string text, string expected) => Assert.Equal(expected, Redact(text));

    [Theory]
    [InlineData("快递单号YT6591570786899")]
    [InlineData("tracking SF1402588899331")]
    [InlineData("the model is X300 and the serial is 55120034")]
    [InlineData("分机号5977")]
    public void Codes_glued_to_letters_and_extensions_stay(string text) => Assert.Equal(text, Redact(text));
}
