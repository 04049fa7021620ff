using Middleware.Host.Cli;

var parsed = Commands.Build().Parse(args);
if (parsed.Errors.Count > 0 && !args.Any(a => a is "--help" or "-h" or "-?"))
{
    // One line per mistake and exit 2, as config errors do (the help text is one --help away).
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"{Verb(parsed.CommandResult)}: {error.Message}");
    }

    return 2;
}

// Signals are the verbs' own (Hosting/StopSignal): System.CommandLine's handler would end the
// process 2 s after Ctrl+C or SIGTERM, before the pipeline and journal are drained.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

static string Verb(System.CommandLine.Parsing.CommandResult? command)
{
    var names = new List<string>();
    for (; command is not null; command = command.Parent as System.CommandLine.Parsing.CommandResult)
    {
        names.Insert(0, command.Parent is null ? "middleware" : command.Command.Name);
    }

    return string.Join(' ', names);
}
