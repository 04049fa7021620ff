using System.CommandLine;
using Middleware.Adapters.Ami.Client;

namespace Middleware.Host.Cli;

/// <summary>middleware ami tail --config F: watch a configured PBX's normalized events live (nothing journaled, nothing written back).</summary>
public static class AmiCommand
{
    public static Command Build()
    {
        var command = new Command("ami", "Tools for AMI sources");
        command.Subcommands.Add(SourceTail.Build("ami", "AMI source", "Print live normalized events from a configured PBX as JSON lines",
            sources => sources.Ami, o => o.Name, (o, factory, logger) => new AmiSource(o, factory, logger)));
        return command;
    }
}
