using System.CommandLine;
using Microsoft.Extensions.Logging;
using Middleware.Adapters.SipMirror.Hep;
using Middleware.Core.Events;
using Middleware.Host.Configuration;
using Middleware.Host.Output;

namespace Middleware.Host.Cli;

/// <summary>
/// middleware hep tail --config F: listen like a configured HEP source and print the calls it sees
/// as JSON lines (nothing journaled). For checking that an SBC's or proxy's HEP output arrives and reads right.
/// </summary>
public static class HepCommand
{
    public static Command Build()
    {
        var command = new Command("hep", "Tools for HEP (SIP mirror) sources");
        var config = Commands.ConfigOption();
        var source = new Option<string?>("--source") { Description = "Which configured HEP source (default: the first)" };
        var tail = new Command("tail", "Listen as a configured HEP source and print its call events as JSON lines (audio chunks left out)") { config, source };
        tail.SetAction(async (parse, cancellationToken) =>
        {
            if (ConfigLoader.TryLoad(parse.GetValue(config)!, Console.Error, out var exitCode) is not { } options)
            {
                return exitCode;
            }

            var name = parse.GetValue(source);
            var hep = options.Sources.Hep.FirstOrDefault(s => name is null || s.Name == name);
            if (hep is null)
            {
                await Console.Error.WriteLineAsync($"hep tail: no HEP source {(name is null ? "configured" : $"named '{name}'")}");
                return 1;
            }

            using var logs = Commands.Logs(options.Logging.Level);
            await using var hepSource = new HepSource(hep, new ConsoleEventPublisher(), new EventFactory(TimeProvider.System), logs.CreateLogger($"hep.{hep.Name}"));
            try
            {
                hepSource.Start();
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                await Console.Error.WriteLineAsync($"hep tail: cannot listen on {hep.Address} udp {hep.UdpPort} tcp {hep.TcpPort}: {ex.Message}");
                return 1;
            }

            await Console.Error.WriteLineAsync($"hep tail: {hep.Name} listening on {hep.Address} udp {hepSource.UdpPort?.ToString() ?? "off"} tcp {hepSource.TcpPort?.ToString() ?? "off"}");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            await Console.Error.WriteLineAsync($"hep tail: {hepSource.Received} packet(s), {hepSource.Processor.RejectedTotal} rejected");
            return 0;
        });
        command.Subcommands.Add(tail);
        return command;
    }
}
