using Middleware.Core.Configuration;
using Middleware.Host.Reports;

namespace Middleware.Host.Cli;

/// <summary>middleware report trends|demand|forecast --journal DB --out FILE.html: reports with charts, plus a CSV.</summary>
public static class ReportCommand
{
    public static Command Build()
    {
        var command = new Command("report", "Reports from a journal: HTML with charts, and a CSV beside it");
        command.Subcommands.Add(Kind("trends", "Volume and waits by hour and weekday, peak hours"));
        command.Subcommands.Add(Kind("demand", "Top call reasons, repeat callers, abandons by queue, IVR containment"));
        command.Subcommands.Add(Kind("forecast", "Calls expected per hour for the coming days and agents needed (Erlang C)"));
        command.Subcommands.Add(Kind("shadow", "Observe mode: routing hints next to what the legacy ACD did, and how calls fared where they agreed"));
        return command;
    }

    private static Command Kind(string kind, string description)
    {
        var journal = new Option<FileInfo>("--journal") { Description = "SQLite journal file", Required = true }.Journal();
        var output = new Option<FileInfo>("--out") { Description = "HTML file to write (the CSV goes next to it)", Required = true }.WritableFile();
        var tz = new Option<string?>("--tz") { Description = "UTC offset for hours and days, e.g. +08:00 (default: this machine's)" }.UtcOffset();
        var days = new Option<int>("--days") { Description = "forecast: how many days ahead", DefaultValueFactory = _ => 7 };
        var serviceLevel = new Option<double>("--service-level") { Description = "forecast: share answered within the target time", DefaultValueFactory = _ => 0.8 };
        var answerWithin = new Option<string>("--answer-within") { Description = "forecast: the target time", DefaultValueFactory = _ => "20s" };
        var wrapUp = new Option<string>("--wrap-up") { Description = "forecast: after-call work added to talk time", DefaultValueFactory = _ => "30s" };
        var repeat = new Option<string>("--repeat-window") { Description = "demand: two calls from one number within this are a repeat", DefaultValueFactory = _ => "7d" };
        var command = new Command(kind, description) { journal, output, tz };
        if (kind == "forecast")
        {
            command.Options.Add(days);
            command.Options.Add(serviceLevel);
            command.Options.Add(answerWithin);
            command.Options.Add(wrapUp);
        }

        var fromOption = new Option<DateTimeOffset?>("--from") { Description = "shadow: first call start to include (ISO 8601)" };
        var toOption = new Option<DateTimeOffset?>("--to") { Description = "shadow: calls starting before this (ISO 8601)" };
        if (kind == "shadow")
        {
            command.Options.Add(fromOption);
            command.Options.Add(toOption);
            command.Options.Add(repeat);
        }

        if (kind == "demand")
        {
            command.Options.Add(repeat);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(journal)!;
            if (!file.Exists)
            {
                await Console.Error.WriteLineAsync($"report: no such journal: {file.FullName}");
                return 1;
            }

            var offset = parse.GetValue(tz) is { } text && ArgumentChecks.TryUtcOffset(text, out var given)
                ? given
                : TimeZoneInfo.Local.GetUtcOffset(DateTime.UtcNow);
            await using var store = await SqliteJournal.OpenAsync(new JournalOptions { Path = file.FullName }, cancellationToken: cancellationToken);
            var events = new List<Core.Events.EventEnvelope>();
            await foreach (var e in JournalScan.AllAsync(store, cancellationToken))
            {
                events.Add(e);
            }

            if (kind == "shadow")
            {
                var shadow = ShadowComparison.Build(events, Duration(parse.GetValue(repeat)!), parse.GetValue(fromOption), parse.GetValue(toOption));
                var shadowCsv = await HtmlReport.WriteAsync(ShadowReport.Build(shadow, offset), parse.GetValue(output)!.FullName, cancellationToken);
                Console.WriteLine($"shadow report: {parse.GetValue(output)!.FullName} and {shadowCsv}");
                Console.WriteLine(ShadowReport.Line(shadow));
                return 0;
            }

            var calls = CallRecords.Fold(events);
            if (calls.Count == 0)
            {
                await Console.Error.WriteLineAsync("report: the journal holds no calls");
                return 1;
            }

            var from = calls[0].StartedAt;
            var to = calls[^1].StartedAt;
            var report = kind switch
            {
                "trends" => TrendReport.Build(calls, offset, from, to),
                "demand" => DemandReport.Build(calls, from, to, Duration(parse.GetValue(repeat)!), Enrichment.Ivr.ContainmentRate.From(events.Select(e => e.Payload))),
                _ => ForecastReport.Build(calls, offset, to.AddHours(1), parse.GetValue(days), Duration(parse.GetValue(wrapUp)!), parse.GetValue(serviceLevel), Duration(parse.GetValue(answerWithin)!)),
            };
            var html = parse.GetValue(output)!.FullName;
            var csv = await HtmlReport.WriteAsync(report, html, cancellationToken);
            Console.WriteLine($"{kind} report: {html} and {csv} ({calls.Count} calls)");
            return 0;
        });
        return command;
    }

    private static TimeSpan Duration(string text) =>
        DurationText.TryParse(text, out var value) ? value : throw new ArgumentException($"not a duration: {text} (use 500ms, 20s, 2m, 1h, 7d)");
}
