using Middleware.Core.Numbers;
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
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(parse.GetValue(zone)!, out var tz))
            {
                Console.Error.WriteLine($"dial simulate: unknown time zone '{parse.GetValue(zone)}'");
                return 2;
            }

            var file = parse.GetValue(campaign)!;
            if (!file.Exists)
            {
                Console.Error.WriteLine($"dial simulate: no campaign file {file.FullName}");
                return 2;
            }

            var blocked = parse.GetValue(dnc) is { } d ? new PhoneNumberSet(File.ReadAllLines(d.FullName).Where(l => l.Length > 0 && l[0] != '#')) : null;
            using var reader = file.OpenText();
            var import = CampaignCsv.Read(reader, tz, blocked);
            foreach (var error in import.Errors)
            {
                Console.Error.WriteLine($"{file.Name}: {error}");
            }

            var options = new DialerOptions { Pacing = parse.GetValue(pacing), AbandonTarget = parse.GetValue(abandon) };
            var local = DateTime.Parse(parse.GetValue(start)!, CultureInfo.InvariantCulture, DateTimeStyles.None);
            var startAt = new DateTimeOffset(local, tz.GetUtcOffset(local));
            var simulation = new DialerSimulation(options, new OutboundWorld(), parse.GetValue(agents), parse.GetValue(seed));
            var result = simulation.Run(Path.GetFileNameWithoutExtension(file.Name), import.Contacts, startAt, TimeSpan.FromHours(parse.GetValue(hours)));
            var s = result.Stats;
            Console.WriteLine($"campaign {file.Name}: {import.Contacts.Count} contact(s) imported, {import.Errors.Count} row(s) refused, {import.DoNotCall} on the do-not-call list");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{options.Pacing.ToString().ToLowerInvariant()}, {parse.GetValue(agents)} agents, {result.Hours:0.00} h: {s.Dials} dials, {s.HumanAnswers} answered by a person, {s.Machines} machines, {s.Busy} busy, {s.NoAnswer} no answer; {s.Connected} connected, {s.Abandoned} abandoned"));
            Console.WriteLine(result.Line());
            return 0;
        });
        var command = new Command("dial", "Outbound campaigns") { simulate };
        return command;
    }
}
