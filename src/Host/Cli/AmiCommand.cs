using System.CommandLine;
using Microsoft.Extensions.Logging;
using Middleware.Adapters.Ami.Client;
using Middleware.Core.Events;
using Middleware.Host.Configuration;
using Middleware.Host.Output;

namespace Middleware.Host.Cli;

/// <summary>middleware ami tail --config F: watch a configured PBX's normalized events live (nothing journaled, nothing written back).</summary>
public static class AmiCommand
{
    public static Command Build()
    {
        var command = new Command("ami", "Tools for AMI sources");
        var config = Commands.ConfigOption();
        var source = new Option<string?>("--source") { Description = "Which configured AMI source (default: the first)" };
        var tail = new Command("tail", "Print live normalized events from a configured PBX as JSON lines") { config, source };
        tail.SetAction(async (parse, cancellationToken) =>
        {
            if (ConfigLoader.TryLoad(parse.GetValue(config)!, Console.Error, out var exitCode) is not { } options)
            {
                return exitCode;
            }

            var name = parse.GetValue(source);
            var ami = options.Sources.Ami.FirstOrDefault(s => name is null || s.Name == name);
            if (ami is null)
            {
                await Console.Error.WriteLineAsync($"ami tail: no AMI source {(name is null ? "configured" : $"named '{name}'")}");
                return 1;
            }

            using var logs = Commands.Logs(options.Logging.Level);
            await using var amiSource = new AmiSource(ami, new ConsoleEventPublisher(), new EventFactory(TimeProvider.System), logs.CreateLogger($"ami.{ami.Name}"));
            amiSource.Start();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            return 0;
        });
        command.Subcommands.Add(tail);
        return command;
    }
}
