using System.CommandLine;
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
            output.WriteLine($"invalid: {problem}");
            return Invalid;
        }

        output.WriteLine(message.IsRequest ? $"request {message.Method} {message.RequestUri}" : $"response {message.StatusCode} {message.ReasonPhrase}");
        output.WriteLine($"  call-id  {message.CallId}");
        output.WriteLine($"  cseq     {message.CSeq}");
        output.WriteLine($"  from-tag {message.FromTag ?? "-"}   to-tag {message.ToTag ?? "-"}   via-branch {message.ViaBranch ?? "-"}");
        output.WriteLine($"  headers ({message.HeaderFields.Count}):");
        foreach (var (name, value) in message.AllHeaders())
        {
            output.WriteLine($"    {name}: {value}");
        }

        output.WriteLine($"  body: {message.Body.Length} byte(s){(message.ContentType is { } type ? " of " + type : "")}");
        output.WriteLine("valid");
        return 0;
    }
}
