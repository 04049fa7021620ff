using Middleware.Core.Configuration;
using Middleware.Enrichment.Analytics.Simulation;
using Middleware.Host.Reports;
using Middleware.Samples.Simulation;

namespace Middleware.Host.Cli;

/// <summary>
/// middleware simulate --scenario F --routing legacy:&lt;strategy&gt;|hints --seed N [--days D] [--out report.html [--seeds K]] [--wired [--hours H]]:
/// simulated call-center days through one routing policy, ending with one line
/// asa_s=… abandon_rate=… service_level=… fcr=… occupancy=…; with --out, every policy side by side
/// over K seeds with 95% intervals, ASA and abandonment by hour, and the agents the best legacy
/// strategy would need to match the best policy's service level. With --wired, a window of H hours
/// played against the AMI emulator over TCP with the whole middleware attached (<see cref="WiredSimulation"/>).
/// </summary>
public static class SimulateCommand
{
    public static Command Build()
    {
        var scenario = new Option<FileInfo>("--scenario") { Description = "Scenario YAML, e.g. samples/simulator/normal-day.yaml", Required = true };
        var routing = new Option<string>("--routing") { Description = "legacy:ringall|leastrecent|fewestcalls|rrmemory|linear|random|wrandom", DefaultValueFactory = _ => "legacy:ringall" };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulated days", DefaultValueFactory = _ => 1 };
        var days = new Option<int>("--days") { Description = "Days to simulate (each starts empty)", DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo?>("--out") { Description = "Write the comparison of every policy as HTML (and CSV beside it)" };
        var seeds = new Option<int>("--seeds") { Description = "Repetitions per policy for the report (≥ 30 for the intervals it prints)", DefaultValueFactory = _ => 30 };
        var wired = new Option<bool>("--wired") { Description = "Drive the AMI emulator over TCP with the whole middleware attached (act mode for hints) instead of the in-process model" };
        var hours = new Option<double>("--hours") { Description = "Wired: simulated hours to play", DefaultValueFactory = _ => 1 }.Positive();
        var fromHour = new Option<int?>("--from-hour") { Description = "Wired: hour of the day the window starts (default: the busiest)" };
        var speed = new Option<double>("--speed") { Description = "Wired: PBX clock speed (virtual seconds per real second; the middleware's own latency is real time)", DefaultValueFactory = _ => 10 }.Positive();
        var command = new Command("simulate", "Simulate call-center days (discrete-event, seeded) under a routing policy")
        {
            scenario, routing, seed, days, output, seeds, wired, hours, fromHour, speed,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(scenario)!;
            if (parse.GetValue(days) is < 1 or > 100_000 || parse.GetValue(seeds) is < 2 or > 10_000)
            {
                Console.Error.WriteLine("simulate: --days must be 1 to 100000 and --seeds 2 to 10000");
                return 2;
            }

            SimulationScenario loaded;
            try
            {
                loaded = ScenarioFile.Load(file.FullName);
            }
            catch (ConfigException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return 2;
            }

            if (RoutingPolicies.Parse(parse.GetValue(routing)!, out var error) is not { } policy)
            {
                Console.Error.WriteLine("simulate: " + error);
                return 2;
            }

            if (parse.GetValue(wired))
            {
                if (parse.GetValue(hours) > 24 || parse.GetValue(fromHour) is < 0 or > 23)
                {
                    Console.Error.WriteLine("simulate: --hours must be at most 24 and --from-hour 0 to 23");
                    return 2;
                }

                using var logs = Commands.Logs(LogLevel.Warning);
                var data = Directory.CreateTempSubdirectory("middleware-wired-");
                try
                {
                    var run = await new WiredSimulation(loaded, parse.GetValue(routing)!, parse.GetValue(seed), new WiredOptions { Hours = parse.GetValue(hours), FromHour = parse.GetValue(fromHour), Speed = parse.GetValue(speed) })
                        .RunAsync(WiredMiddleware.Attach(data.FullName, logs), cancellationToken);
                    var t = run.Totals;
                    Console.WriteLine($"{loaded.Name}, {policy().Name} wired, seed {parse.GetValue(seed)}, {run.Hours:0.##} h from {run.FromHour:00}:00: {t.Offered} calls offered, {t.Answered} answered ({run.Redirected} after a middleware redirect), {t.AbandonedCalls} abandoned");
                    Console.WriteLine(t.Line());
                    return 0;
                }
                finally
                {
                    data.Delete(recursive: true);
                }
            }

            if (parse.GetValue(output) is { } report)
            {
                return await SimulationReport.WriteAsync(loaded, parse.GetValue(seeds), parse.GetValue(days), report.FullName, cancellationToken);
            }

            using var bar = new ProgressBar(parse.GetValue(days), "days");
            var totals = new CallCenterSimulation(loaded, policy(), parse.GetValue(seed)).Run(parse.GetValue(days), _ => bar.Step());
            bar.Dispose();
            Console.WriteLine($"{loaded.Name}, {policy().Name}, seed {parse.GetValue(seed)}, {totals.Days} day(s): {totals.Offered} calls offered, {totals.Answered} answered, {totals.AbandonedCalls} abandoned");
            Console.WriteLine(totals.Line());
            return 0;
        });
        return command;
    }
}

/// <summary>A one-line progress bar on stderr for runs long enough to need one; silent when stderr is redirected.</summary>
internal sealed class ProgressBar(int total, string unit) : IDisposable
{
    private readonly bool _show = !Console.IsErrorRedirected && total > 1;
    private int _done;
    private bool _closed;

    public void Step()
    {
        var done = Interlocked.Increment(ref _done);
        if (_show)
        {
            var filled = done * 30 / total;
            lock (this)
            {
                Console.Error.Write($"\r[{new string('#', filled)}{new string('.', 30 - filled)}] {done}/{total} {unit}");
            }
        }
    }

    public void Dispose()
    {
        if (_show && !_closed)
        {
            _closed = true;
            Console.Error.WriteLine();
        }
    }
}
