using Middleware.Adapters.Ami.Client;
using Middleware.Core.WriteBack;
using Middleware.Enrichment.Routing;
using Middleware.Samples.Simulation;

namespace Middleware.Host.Hosting;

/// <summary>
/// The whole middleware, composed as <c>run</c> composes it (<see cref="MiddlewareRuntime"/>),
/// attached to the wired simulator's emulated PBX: one AMI source, a journal in the given
/// directory, write-backs Setvar, QueueChangePriorityCaller and Redirect allowed, act mode for
/// hints and observe for a legacy strategy, routing configured for the simulated floor.
/// </summary>
public static class WiredMiddleware
{
    public static Func<WiredPbx, CancellationToken, Task<IAsyncDisposable>> Attach(string dataDirectory, ILoggerFactory logs) => async (pbx, cancellationToken) =>
    {
        var config = For(pbx, Path.Combine(dataDirectory, "journal.db"));
        var runtime = await MiddlewareRuntime.StartAsync(config, logs, cancellationToken: cancellationToken);
        try
        {
            var source = runtime.Sources.OfType<AmiSource>().Single();
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!source.Health.Healthy)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"the middleware did not log in to the emulated PBX: {source.Health.LastError}");
                }

                await Task.Delay(20, cancellationToken);
            }
        }
        catch
        {
            await runtime.StopAsync();
            throw;
        }

        return runtime;
    };

    public static MiddlewareConfig For(WiredPbx pbx, string journalPath) => new()
    {
        Journal = new JournalOptions { Path = journalPath, Durability = JournalDurability.Normal },
        WriteBack = new WriteBackOptions
        {
            Mode = pbx.Act ? WriteBackMode.Act : WriteBackMode.Observe,
            Allow = new() { ["pbx"] = ["Setvar", "QueueChangePriorityCaller", "Redirect"] },
        },
        Sources = new SourcesConfig { Ami = [new AmiSourceOptions { Name = "pbx", Host = "127.0.0.1", Port = pbx.Port, Username = pbx.Username, Secret = pbx.Secret }] },
        Routing = new RoutingOptions
        {
            VipNumbers = [.. pbx.VipNumbers],
            Agents = pbx.AgentSkills.ToDictionary(a => a.Key, a => new Dictionary<string, int>(a.Value, StringComparer.OrdinalIgnoreCase), StringComparer.Ordinal),
            Skills = new SkillSources { DialedNumbers = new Dictionary<string, string>(pbx.DialedNumbers, StringComparer.Ordinal) },
            Redirect = new RedirectTarget { Context = pbx.RedirectContext, Exten = pbx.RedirectExten },
        },
    };
}
