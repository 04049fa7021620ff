using Middleware.Adapters.SipMirror.Sip;

namespace Middleware.Host.Cli;

/// <summary>
/// middleware inspect sip FILE...: parse raw SIP messages, print each one's structure or why it is
/// invalid. Exit 0 when all are valid, 3 when any is not, 1 when a file cannot be read.
/// </summary>
public static class InspectCommand
{
    public const int Invalid = 3;

    public static Command Build()
    {
        var command = new Command("inspect", "Look inside protocol bytes");
        var files = new Argument<FileInfo[]>("file") { Description = "Files of one raw SIP message each (as captured: CRLF line ends, body included)", Arity = ArgumentArity.OneOrMore };
        var sip = new Command("sip", "Parse SIP messages: the structure of each and exit 0 if all are valid, the reason and exit 3 if any is not") { files };
        sip.SetAction(parse => Run(parse.GetValue(files)!, Console.Out, Console.Error));
        command.Subcommands.Add(sip);
        return command;
    }

    public static int Run(IReadOnlyList<FileInfo> files, TextWriter output, TextWriter error)
    {
        var (unreadable, invalid) = (false, false);
        foreach (var file in files)
        {
            if (files.Count > 1)
            {
                output.WriteLine($"== {file.Name}");
            }

            var code = Run(file, output, error);
            unreadable |= code == 1;
            invalid |= code == Invalid;
        }

        return unreadable ? 1 : invalid ? Invalid : 0;
    }

    /// <summary>What a SIP message carries is the sender's: printed through <see cref="TerminalText.Escape"/>.</summary>
    private static void Line(TextWriter output, string line) => output.WriteLine(TerminalText.Escape(line));

    public static int Run(FileInfo file, TextWriter output, TextWriter error)
    {
        if (!file.Exists)
        {
            error.WriteLine($"inspect sip: no such file: {file.FullName}");
            return 1;
        }

        var message = SipInspection.Inspect(File.ReadAllBytes(file.FullName), out var problem);
        if (message is null)
        {
            Line(output, $"invalid: {problem}");
            return Invalid;
        }

        Line(output, message.IsRequest ? $"request {message.Method} {message.RequestUri}" : $"response {message.StatusCode} {message.ReasonPhrase}");
        Line(output, $"  call-id  {message.CallId}");
        Line(output, $"  cseq     {message.CSeq}");
        Line(output, $"  from-tag {message.FromTag ?? "-"}   to-tag {message.ToTag ?? "-"}   via-branch {message.ViaBranch ?? "-"}");
        Line(output, $"  headers ({message.HeaderFields.Count}):");
        foreach (var (name, value) in message.AllHeaders())
        {
            Line(output, $"    {name}: {value}");
        }

        Line(output, $"  body: {message.Body.Length} byte(s){(message.ContentType is { } type ? " of " + type : "")}");
        output.WriteLine("valid");
        return 0;
    }
}
