using Middleware.Core.Sources;


namespace Middleware.Host.Cli;

/// <summary>
/// `ami tail` and `hep tail`: run one configured source as a looking glass, printing its events as
/// JSON lines (<see cref="ConsoleEventPublisher"/>: nothing journaled, nothing written back) until Ctrl+C.
/// </summary>
internal static class SourceTail
{
    /// <param name="protocol">The verb and the log prefix: ami, hep.</param>
    /// <param name="label">What the source is called in messages: "AMI source".</param>
    /// <param name="configured">The sources of this kind in a config.</param>
    /// <param name="name">A configured source's name.</param>
    /// <param name="create">Builds the source (not started).</param>
    /// <param name="started">After start: null when it runs and there is nothing to say, else whether it runs and one line for stderr.</param>
    /// <param name="stopped">After Ctrl+C: a closing line for stderr (counters), or null.</param>
    public static Command Build<TOptions, TSource>(string protocol, string label, string description,
        Func<SourcesConfig, IEnumerable<TOptions>> configured, Func<TOptions, string> name, Func<TOptions, EventFactory, ILogger, TSource> create,
        Func<TSource, (bool Running, string Line)?>? started = null, Func<TSource, string>? stopped = null)
        where TSource : IEventSource
    {
        var config = Commands.ConfigOption();
        var source = new Option<string?>("--source") { Description = $"Which configured {label} (default: the first)" };
        var tail = new Command("tail", description) { config, source };
        tail.SetAction(async (parse, cancellationToken) =>
        {
            if (ConfigLoader.TryLoad(parse.GetValue(config)!, Console.Error, out var exitCode) is not { } options)
            {
                return exitCode;
            }

            var wanted = parse.GetValue(source);
            var chosen = configured(options.Sources).FirstOrDefault(s => wanted is null || name(s) == wanted);
            if (chosen is null)
            {
                await Console.Error.WriteLineAsync($"{protocol} tail: no {label} {(wanted is null ? "configured" : $"named '{wanted}'")}");
                return 1;
            }

            using var logs = Commands.Logs(options.Logging.Level);
            using var stop = StopSignal.Listen(cancellationToken); // SIGTERM too ends with the closing summary
            await using var running = create(chosen, new EventFactory(TimeProvider.System), logs.CreateLogger($"{protocol}.{name(chosen)}"));
            await running.StartAsync(new ConsoleEventPublisher(), cancellationToken);
            if (started?.Invoke(running) is var (ok, line))
            {
                await Console.Error.WriteLineAsync($"{protocol} tail: {line}");
                if (!ok)
                {
                    return 1;
                }
            }

            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }

            if (stopped is not null)
            {
                await running.StopAsync(CancellationToken.None);
                await Console.Error.WriteLineAsync($"{protocol} tail: {stopped(running)}");
            }

            return 0;
        });
        return tail;
    }
}
