namespace Middleware.Host.Tests.Cli;

public sealed class RedactCommandTests
{
    [Fact]
    public async Task Each_stdin_line_comes_out_redacted_in_order()
    {
        var (code, stdout, stderr) = await MiddlewareProcess.RunAsync(["redact", "--findings"], stdin:
            "my card is 6222 0212 3456 7894 and the cvv is 123\n安全码是三八七，手机幺三八零零幺三八零零零\nnothing here, order 2026120212345678\n");

        Assert.Equal(0, code);
        Assert.Equal(["my card is [CARD] and the cvv is [CVV]", "安全码是[CVV]，手机[PHONE]", "nothing here, order 2026120212345678"],
            stdout.TrimEnd('\n').Split('\n'));
        Assert.Equal(["CARD@11+19 CVV@46+3", "CVV@4+3 PHONE@10+11"], stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task The_language_narrows_the_numerals_read_and_an_unknown_one_is_refused()
    {
        var (code, stdout, _) = await MiddlewareProcess.RunAsync(["redact", "--lang", "en"], stdin: "卡号六二二二零二幺二三四五六七八九四 or six two two two zero two one two three four five six seven eight nine four\n");
        Assert.Equal(0, code);
        Assert.Equal("卡号六二二二零二幺二三四五六七八九四 or [CARD]", stdout.TrimEnd('\n'));

        var (refused, _, error) = await MiddlewareProcess.RunAsync(["redact", "--lang", "fr"], stdin: "");
        Assert.NotEqual(0, refused);
        Assert.Contains("fr", error, StringComparison.Ordinal);
    }
}
