using Middleware.Host.Demo;

namespace Middleware.Host.Cli;

/// <summary>middleware demo [--serve]: the sample legacy call center with the middleware attached, on loopback.</summary>
public static class DemoCommand
{
    public static Command Build()
    {
        var serve = new Option<bool>("--serve") { Description = "Keep running (the scenario repeats) until Ctrl+C" };
        var speed = new Option<double>("--speed") { Description = "How much faster than real time the PBX clock runs", DefaultValueFactory = _ => 40 }.Positive();
        var data = new Option<DirectoryInfo?>("--data") { Description = "Where to keep the demo journal (default: a temp directory)" }.WritableDirectory();
        var record = new Option<FileInfo?>("--record") { Description = "Also write the PBX's AMI event stream to this transcript file" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log at information level" };
        var broker = new Option<Uri?>("--broker") { Description = "Also publish every event and decision to this STOMP broker, e.g. stomp://127.0.0.1:61613 (ActiveMQ)", CustomParser = r => new Uri(r.Tokens.Single().Value) };
        var history = new Option<int>("--history-days") { Description = "First write this many days of past traffic into the journal (for reports and charts)" }.NotNegative();
        var http = new Option<string?>("--http") { Description = "Serve the ops console here (default with --serve: http://127.0.0.1 on a free port)" };
        var mode = new Option<Core.WriteBack.WriteBackMode>("--mode") { Description = "Write-back mode: observe (record what it would do, e.g. for `report shadow`), assist or act", DefaultValueFactory = _ => Core.WriteBack.WriteBackMode.Assist };
        var command = new Command("demo", "Run the sample legacy call center (AMI emulator) with the middleware, print each call's timeline and a summary")
        {
            serve, speed, data, record, verbose, http, history, broker, mode,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var logs = Commands.Logs(parse.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning);
            var options = new DemoOptions(parse.GetValue(serve), parse.GetValue(speed), parse.GetValue(data)?.FullName, parse.GetValue(record)?.FullName, parse.GetValue(http), parse.GetValue(history), parse.GetValue(broker), parse.GetValue(mode));
            using var stop = StopSignal.Listen(cancellationToken);
            try
            {
                return await new DemoRunner(options, logs, Console.Out).RunAsync(stop.Token);
            }
            catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"demo: interrupted by {stop.Received?.ToString() ?? "cancellation"} before the scenario finished");
                return 130;
            }
        });
        return command;
    }
}
