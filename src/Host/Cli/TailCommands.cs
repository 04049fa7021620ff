using Middleware.Adapters.SipMirror.Hep;

namespace Middleware.Host.Cli;

/// <summary>The `tail` verbs of each source family, built by <see cref="SourceTail"/>: a configured source as a looking glass.</summary>
public static class TailCommands
{
    /// <summary>middleware ami tail --config F: watch a configured PBX's normalized events live (nothing journaled, nothing written back).</summary>
    public static Command Ami()
    {
        var command = new Command("ami", "Tools for AMI sources");
        command.Subcommands.Add(SourceTail.Build("ami", "AMI source", "Print live normalized events from a configured PBX as JSON lines",
            sources => sources.Ami, o => o.Name, (o, factory, logger) => new AmiSource(o, factory, logger)));
        command.Subcommands.Add(AmiRecordCommand.Build());
        return command;
    }

    /// <summary>
    /// middleware hep tail --config F: listen like a configured HEP source and print the calls it sees
    /// as JSON lines (nothing journaled). For checking that an SBC's or proxy's HEP output arrives and reads right.
    /// </summary>
    public static Command Hep()
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
