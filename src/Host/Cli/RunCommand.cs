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
            using var stop = StopSignal.Listen(cancellationToken);
            var logger = logs.CreateLogger("run");
            await using var broadcaster = new LiveBroadcaster();
            var path = parse.GetValue(config)!.FullName;
            var runtime = await MiddlewareRuntime.StartAsync(options, logs, sinks: [broadcaster], reloadConfig: () => ConfigLoader.Load(path), cancellationToken: CancellationToken.None);
            ApiServer? http;
            try
            {
                http = options.Http.Enabled ? await ApiServer.StartAsync(runtime, broadcaster, options.Http, logs) : null;
            }
            catch
            {
                await runtime.DisposeAsync(); // the address is taken, say: what started is still stopped in order
                throw;
            }

            if (http is not null && options.Http.ApiKeys.Count + options.Http.BearerTokens.Count == 0)
            {
                logger.LogWarning("http: no api_keys or bearer_tokens configured; the API and dashboard refuse everyone (health and metrics stay open to {Networks})", string.Join(", ", options.Http.OpenEndpointsFrom));
            }

            if (http is not null && options.Http.LoopbackOnly() == false)
            {
                logger.LogWarning("http: {Address} is reachable from other machines; put a TLS reverse proxy in front (the console speaks plain HTTP)", options.Http.Address);
            }

            logger.LogInformation("running; SIGINT or SIGTERM stops it, draining first");
            try
            {
                while (!stop.Token.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), stop.Token);
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
            }

            // Stop in the order that loses nothing: no new HTTP requests, then the runtime (sources
            // hand over what they accepted, lanes and write-backs drain up to drain_on_stop, journal closed).
            var clock = System.Diagnostics.Stopwatch.StartNew();
            logger.LogInformation("stopping ({Signal}): draining sources, pipeline and write-backs (write-backs get up to {Drain})",
                stop.Received?.ToString() ?? "cancelled", options.WriteBack.DrainOnStop);
            if (http is not null)
            {
                await http.DisposeAsync();
            }

            await runtime.DisposeAsync();
            logger.LogInformation("stopped in {Elapsed} ms; journal closed", clock.ElapsedMilliseconds);
            return 0;
        });
        return command;
    }
}
