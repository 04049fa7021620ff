using System.CommandLine;
using Microsoft.Extensions.Logging;
using Middleware.Host.Configuration;
using Middleware.Host.Hosting;
using Middleware.Host.Http;
using Middleware.Host.Http.Streaming;

namespace Middleware.Host.Cli;

/// <summary>middleware run --config F: connect to the configured PBXs and run until stopped (Ctrl+C / SIGTERM).</summary>
public static class RunCommand
{
    public static Command Build()
    {
        var config = Commands.ConfigOption();
        var command = new Command("run", "Run the middleware against the systems in the config until stopped") { config };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (ConfigLoader.TryLoad(parse.GetValue(config)!, Console.Error, out var exitCode) is not { } options)
            {
                return exitCode;
            }

            using var logs = Commands.Logs(options.Logging.Level);
            var logger = logs.CreateLogger("run");
            await using var broadcaster = new LiveBroadcaster();
            var path = parse.GetValue(config)!.FullName;
            await using var runtime = await MiddlewareRuntime.StartAsync(options, logs, sinks: [broadcaster], reloadConfig: () => ConfigLoader.Load(path), cancellationToken: CancellationToken.None);
            await using var http = options.Http.Enabled ? await ApiServer.StartAsync(runtime, broadcaster, options.Http, logs) : null;
            if (http is not null && options.Http.ApiKeys.Count + options.Http.BearerTokens.Count == 0)
            {
                logger.LogWarning("http: no api_keys or bearer_tokens configured; the API and dashboard refuse everyone (health and metrics stay open to {Networks})", string.Join(", ", options.Http.OpenEndpointsFrom));
            }

            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
                    foreach (var (component, healthy, detail) in runtime.Health())
                    {
                        if (!healthy)
                        {
                            logger.LogWarning("{Component} unhealthy: {Detail}", component, detail);
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
                logger.LogInformation("stopping: draining sources, pipeline and write-backs");
            }

            return 0;
        });
        return command;
    }
}
