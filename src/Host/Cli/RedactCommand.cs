using Middleware.Enrichment.Privacy;

namespace Middleware.Host.Cli;

/// <summary>
/// middleware redact [--lang zh|en]: each line of standard input, redacted, on standard output: the
/// redactor the pipeline runs before the journal, so integrators can try their callers' ways of speaking.
/// </summary>
public static class RedactCommand
{
    public static Command Build()
    {
        var lang = new Option<string?>("--lang") { Description = "Language of the text (zh or en); without it both languages' number forms are read" };
        lang.AcceptOnlyFromAmong("zh", "en");
        var findings = new Option<bool>("--findings") { Description = "After each line, on standard error: what was found (type@offset+length)" };
        var command = new Command("redact", "Replace personal data in text lines (stdin → stdout) with [CARD], [CVV], [CN_ID], [PHONE], [EMAIL], [EXPIRY]") { lang, findings };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var redactor = new PrivacyOptions().Redactor();
            var language = parse.GetValue(lang);
            var explain = parse.GetValue(findings);
            var output = Console.Out;
            while (await Console.In.ReadLineAsync(cancellationToken) is { } line)
            {
                var result = redactor.Redact(line, language);
                await output.WriteLineAsync(result.Text);
                if (explain && result.Changed)
                {
                    await Console.Error.WriteLineAsync(string.Join(' ', result.Findings.Select(f => $"{f.Type}@{f.Start}+{f.Length}")));
                }
            }

            await output.FlushAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
