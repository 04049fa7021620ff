using System.CommandLine;
using Middleware.Adapters.SipMirror.Sip;

namespace Middleware.Host.Cli;

/// <summary>middleware inspect sip FILE: parse one raw SIP message and print its structure, or why it is invalid.</summary>
public static class InspectCommand
{
    public const int Invalid = 3;

    public static Command Build()
    {
        var command = new Command("inspect", "Look inside protocol bytes");
        var file = new Argument<FileInfo>("file") { Description = "One raw SIP message (as captured: CRLF line ends, body included)" };
        var sip = new Command("sip", "Parse one SIP message: its structure and exit 0 if valid, the reason and exit 3 if not") { file };
        sip.SetAction(parse => Run(parse.GetValue(file)!, Console.Out, Console.Error));
        command.Subcommands.Add(sip);
        return command;
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
