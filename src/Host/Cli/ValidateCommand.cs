using Middleware.Core.Configuration;

namespace Middleware.Host.Cli;

/// <summary>middleware validate --config F: check a config without connecting to anything. Exit 2 on errors.</summary>
public static class ValidateCommand
{
    public static Command Build()
    {
        var config = Commands.ConfigOption();
        var command = new Command("validate", "Check a config file; errors are printed as file:line:column: key: message (exit code 2)") { config };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(config)!.FullName;
            try
            {
                var options = ConfigLoader.Load(path);
                Console.WriteLine($"{path}: OK");
                Console.WriteLine($"  journal: {options.Journal.Provider.ToString().ToLowerInvariant()} {(options.Journal.Provider == Core.Journal.JournalProvider.Sqlite ? options.Journal.Path : "(connection string set)")}, durability {options.Journal.Durability.ToString().ToLowerInvariant()}");
                Console.WriteLine($"  write-back: mode {options.WriteBack.Mode.ToString().ToLowerInvariant()}; allowed {string.Join("; ", options.WriteBack.Allow.Select(p => $"{p.Key}: {string.Join(",", p.Value)}").DefaultIfEmpty("nothing"))}");
                foreach (var ami in options.Sources.Ami)
                {
                    Console.WriteLine($"  ami source {ami.Name}: {ami.Host}:{ami.Port}{(ami.Tls.Enabled ? " (TLS)" : "")}, user {ami.Username}, auth {ami.Auth.ToString().ToLowerInvariant()}, secret {(string.IsNullOrEmpty(ami.Secret) ? "missing" : "set")}");
                }

                foreach (var hep in options.Sources.Hep)
                {
                    Console.WriteLine($"  hep source {hep.Name}: {hep.Address} udp {(hep.UdpPort < 0 ? "off" : hep.UdpPort)} tcp {(hep.TcpPort < 0 ? "off" : hep.TcpPort)}, auth key {(hep.AuthKey is null ? "not required" : "required")}");
                }

                foreach (var capture in options.Sources.Capture)
                {
                    Console.WriteLine($"  capture source {capture.Name}: interface {capture.Interface}, filter '{capture.Filter}'{(capture.Promiscuous ? ", promiscuous" : "")}");
                }

                foreach (var crm in options.Crm)
                {
                    Console.WriteLine($"  crm {crm.Name}: {crm.BaseUrl}, auth {crm.Auth.Kind.ToString().ToLowerInvariant()}, {crm.Operations.Count} operation(s) mapped: {string.Join(", ", crm.Operations.Keys)}");
                }

                if (options.Broker.Enabled)
                {
                    Console.WriteLine($"  broker: stomp://{options.Broker.Stomp.Host}:{options.Broker.Stomp.Port}, events to {options.Broker.EventsDestination}");
                }

                return 0;
            }
            catch (ConfigException ex)
            {
                return ConfigLoader.Report(ex, Console.Error);
            }
        });
        return command;
    }
}
