using System.CommandLine;
using Middleware.Adapters.SipMirror.Hep;

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
        command.Subcommands.Add(SourceTail.Build("hep", "HEP source", "Listen as a configured HEP source and print its call events as JSON lines (audio chunks left out)",
            sources => sources.Hep, o => o.Name, (o, factory, logger) => new HepSource(o, factory, logger),
            started: hep => hep.Listening
                ? (true, $"{hep.Name} listening on {hep.ListeningOn}")
                : (false, hep.Health.LastError ?? "not listening"),
            stopped: hep => $"{hep.Received} packet(s), {hep.Processor.RejectedTotal} rejected"));
        return command;
    }
}
