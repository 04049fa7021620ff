using Middleware.Enrichment.Dialer;
using Middleware.Enrichment.Dialer.Campaigns;
using Middleware.Enrichment.Dialer.Simulation;

namespace Middleware.Host.Cli;

/// <summary>
/// middleware dial simulate --campaign F --agents N --pacing progressive|predictive --seed S: one
/// campaign shift, discrete-event, through the live dialer's pacing code. Ends with one line:
/// talk_min_per_agent_hour=… abandon_rate=… connect_rate=… calls=…
/// </summary>
public static class DialCommand
{
    public static Command Build()
    {
        var campaign = new Option<FileInfo>("--campaign") { Description = "Campaign CSV (id,number[,name,time_zone]); e.g. samples/campaigns/spring-renewals-campaign.csv", Required = true };
        var agents = new Option<int>("--agents") { Description = "Agents taking the calls", DefaultValueFactory = _ => 20 };
        var pacing = new Option<PacingMode>("--pacing") { Description = "progressive (1:1) or predictive", DefaultValueFactory = _ => PacingMode.Predictive };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulated callees and conversations", DefaultValueFactory = _ => 1 };
        var hours = new Option<double>("--hours") { Description = "Length of the shift", DefaultValueFactory = _ => 2 };
        var dnc = new Option<FileInfo?>("--dnc") { Description = "Do-not-call list, one number a line (# comments)" };
        var zone = new Option<string>("--time-zone") { Description = "Zone of contacts without one, and of --start", DefaultValueFactory = _ => "Asia/Shanghai" };
        var start = new Option<string>("--start") { Description = "Local start of the shift", DefaultValueFactory = _ => "2026-03-02T09:00" };
        var abandon = new Option<double>("--abandon-target") { Description = "Abandon-rate cap over the campaign's last 30 days", DefaultValueFactory = _ => 0.03 };
        var simulate = new Command("simulate", "Simulate one shift of a campaign (seeded, deterministic) with the dialer's own pacing")
        {
            campaign, agents, pacing, seed, hours, dnc, zone, start, abandon,
        };
        simulate.SetAction(parse =>
        {
            var file = parse.GetValue(campaign)!;
            if (Import("dial simulate", Campaign(file, parse.GetValue(zone)!, parse.GetValue(dnc))) is not { } import)
            {
                return 2;
            }

            var tz = TimeZoneInfo.FindSystemTimeZoneById(parse.GetValue(zone)!);
            var options = new DialerOptions { Pacing = parse.GetValue(pacing), AbandonTarget = parse.GetValue(abandon) };
            var local = DateTime.Parse(parse.GetValue(start)!, CultureInfo.InvariantCulture, DateTimeStyles.None);
            var startAt = new DateTimeOffset(local, tz.GetUtcOffset(local));
            var simulation = new DialerSimulation(options, new OutboundWorld(), parse.GetValue(agents), parse.GetValue(seed));
            var result = simulation.Run(Path.GetFileNameWithoutExtension(file.Name), import.Contacts, startAt, TimeSpan.FromHours(parse.GetValue(hours)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{options.Pacing.ToString().ToLowerInvariant()}, {parse.GetValue(agents)} agents, {result.Hours:0.00} h: {result.Stats.Outcomes()}"));
            Console.WriteLine(result.Line());
            return 0;
        });
        var command = new Command("dial", "Outbound campaigns") { simulate, Run(campaign, pacing, seed, dnc, zone, abandon) };
        return command;
    }

    /// <summary>
    /// dial run --campaign F [--ami host:port --username U --secret S]: the campaign dialled through
    /// AMI Originate and the write-back gate; without --ami against the emulated PBX.
    /// </summary>
    private static Command Run(Option<FileInfo> campaign, Option<PacingMode> pacing, Option<int> seed, Option<FileInfo?> dnc, Option<string> zone, Option<double> abandon)
    {
        var ami = new Option<string?>("--ami") { Description = "The PBX's AMI as host:port; without it the emulated PBX (its staff, seeded customers) takes the calls" };
        var username = new Option<string>("--username") { Description = "AMI user", DefaultValueFactory = _ => "middleware" };
        var secret = new Option<string>("--secret") { Description = "AMI secret", DefaultValueFactory = _ => "middleware-secret" };
        var agents = new Option<string>("--agents") { Description = "The queue members taking the calls, comma-separated", DefaultValueFactory = _ => "PJSIP/2001,PJSIP/2002" };
        var queue = new Option<string>("--queue") { Description = "Queue an answered person is connected to (the Originate's Exten)", DefaultValueFactory = _ => "sales" };
        var context = new Option<string>("--context") { Description = "Dialplan context an answered call runs in (AMD(), then Queue(${EXTEN}))", DefaultValueFactory = _ => "dialer" };
        var trunk = new Option<string>("--trunk") { Description = "PJSIP endpoint to the PSTN: calls go to PJSIP/number@trunk", DefaultValueFactory = _ => "trunk" };
        var callerId = new Option<string?>("--caller-id") { Description = "Caller ID the customers see, e.g. \"Acme\" <4008001234>" };
        var window = new Option<string>("--window") { Description = "Contacts' local hours to call in, HH:mm-HH:mm", DefaultValueFactory = _ => "09:00-21:00" };
        var attempts = new Option<int>("--max-attempts") { Description = "Attempts per contact", DefaultValueFactory = _ => 3 };
        var journal = new Option<FileInfo>("--journal") { Description = "SQLite journal of the run", DefaultValueFactory = _ => new FileInfo("dial-run.db") };
        var abandonMessage = new Option<string?>("--abandon-message") { Description = "Redirect abandoned calls to context,exten[,priority] (the dialplan plays the message and hangs up); without it they are hung up" };
        var speed = new Option<double>("--speed") { Description = "Emulated PBX only: how much faster than real time it runs", DefaultValueFactory = _ => 1 };
        var run = new Command("run", "Dial a campaign for real: AMI Originate through the write-back gate (act, allow-list Originate, Hangup and Redirect)")
        {
            campaign, ami, username, secret, agents, queue, context, trunk, callerId, pacing, window, attempts, abandon, abandonMessage, dnc, zone, journal, seed, speed,
        };
        run.SetAction(async (parse, cancellationToken) =>
        {
            if (!CampaignOptions.TryParseWindow(parse.GetValue(window)!, out _, out _))
            {
                Console.Error.WriteLine($"dial run: --window '{parse.GetValue(window)}' is not HH:mm-HH:mm");
                return 2;
            }

            DialRunTarget target;
            if (parse.GetValue(ami) is { } hostPort)
            {
                var colon = hostPort.LastIndexOf(':');
                if (colon <= 0 || !int.TryParse(hostPort[(colon + 1)..], CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                {
                    Console.Error.WriteLine($"dial run: --ami '{hostPort}' is not host:port");
                    return 2;
                }

                target = new DialRunTarget(hostPort[..colon], port, parse.GetValue(username)!, parse.GetValue(secret)!, parse.GetValue(seed), 1);
            }
            else
            {
                target = new DialRunTarget(null, 0, parse.GetValue(username)!, parse.GetValue(secret)!, parse.GetValue(seed), parse.GetValue(speed));
            }

            var options = Campaign(parse.GetValue(campaign)!, parse.GetValue(zone)!, parse.GetValue(dnc));
            options.Pacing = parse.GetValue(pacing);
            options.AbandonTarget = parse.GetValue(abandon);
            options.Window = parse.GetValue(window)!;
            options.MaxAttempts = parse.GetValue(attempts);
            options.Agents = [.. parse.GetValue(agents)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            options.Queue = parse.GetValue(queue)!;
            options.Context = parse.GetValue(context)!;
            options.Trunk = parse.GetValue(trunk)!;
            options.CallerId = parse.GetValue(callerId);
            if (parse.GetValue(abandonMessage) is { } place)
            {
                var parts = place.Split(',', StringSplitOptions.TrimEntries);
                if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || parts[1].Length == 0 || (parts.Length == 3 && !int.TryParse(parts[2], CultureInfo.InvariantCulture, out _)))
                {
                    Console.Error.WriteLine($"dial run: --abandon-message '{place}' is not context,exten[,priority]");
                    return 2;
                }

                options.AbandonMessage = new AbandonMessageOptions { Context = parts[0], Exten = parts[1], Priority = parts.Length == 3 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : 1 };
            }

            if (Import("dial run", options) is not { } import)
            {
                return 2;
            }

            var (engine, elapsed) = await DialRun.RunAsync(options, import.Contacts, target, parse.GetValue(journal)!.FullName, Console.Out, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{options.Pacing.ToString().ToLowerInvariant()}, {options.Agents.Count} agents, {elapsed.TotalMinutes:0.0} min: {engine.Stats.Outcomes()}"));
            Console.WriteLine(DialRun.Line(engine, options.Agents.Count, elapsed));
            return 0;
        });
        return run;
    }

    /// <summary>The campaign the verbs' options name: its file (and name, from the file's), zone and do-not-call list.</summary>
    private static CampaignOptions Campaign(FileInfo file, string zone, FileInfo? dnc) =>
        new() { Name = Path.GetFileNameWithoutExtension(file.Name), File = file.FullName, TimeZone = zone, DoNotCall = dnc?.FullName };

    /// <summary>
    /// The campaign both verbs dial (<see cref="CampaignOptions.Load"/>, as run's scheduled campaigns read it); refused
    /// rows go to stderr by line, and one line says what was imported. Null (after a one-line error) when the zone or a
    /// file is not there.
    /// </summary>
    private static CampaignCsv.Import? Import(string verb, CampaignOptions campaign)
    {
        if (campaign.Problems().FirstOrDefault(p => p.Key is "time_zone" or "file" or "do_not_call") is { Message: { } problem })
        {
            Console.Error.WriteLine($"{verb}: {problem}");
            return null;
        }

        var (import, error) = campaign.Load();
        if (import is null)
        {
            Console.Error.WriteLine($"{verb}: {error}");
            return null;
        }

        var name = Path.GetFileName(campaign.File);
        foreach (var row in import.Errors)
        {
            Console.Error.WriteLine($"{name}: {row}");
        }

        Console.WriteLine($"campaign {name}: {import.Contacts.Count} contact(s) imported, {import.Errors.Count} row(s) refused, {import.DoNotCall} on the do-not-call list");
        return import;
    }
}
