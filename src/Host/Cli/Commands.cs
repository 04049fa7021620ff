namespace Middleware.Host.Cli;

/// <summary>The verbs: run, demo, validate, replay, ami tail, hep tail, inspect, report, bench, dial, train, eval, classify.</summary>
public static class Commands
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Bolts AI onto a legacy call center without touching it: listens over AMI, journals, enriches, writes back within policy.");
        root.Subcommands.Add(RunCommand.Build());
        root.Subcommands.Add(DemoCommand.Build());
        root.Subcommands.Add(ValidateCommand.Build());
        root.Subcommands.Add(ReplayCommand.Build());
        root.Subcommands.Add(TailCommands.Ami());
        root.Subcommands.Add(TailCommands.Hep());
        root.Subcommands.Add(InspectCommand.Build());
        root.Subcommands.Add(ReportCommand.Build());
        root.Subcommands.Add(BenchCommand.Build());
        root.Subcommands.Add(TrainCommand.Build());
        root.Subcommands.Add(EvalCommand.Build());
        root.Subcommands.Add(ClassifyCommand.Build());
        root.Subcommands.Add(DialCommand.Build());
        root.Subcommands.Add(SimulateCommand.Build());
        root.Subcommands.Add(RedactCommand.Build());
        root.Subcommands.Add(AsrCommand.Build());
        return root;
    }

    public static Option<FileInfo> ConfigOption(bool required = true) => new("--config", "-c")
    {
        Description = "YAML config file (see config/middleware.sample.yaml)",
        Required = required,
    };

    public static ILoggerFactory Logs(LogLevel level) => LoggerFactory.Create(b => b
        .SetMinimumLevel(level)
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        })
        .AddFilter("Microsoft", LogLevel.Warning)
        .Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
}
