using Middleware.Core.Journal;
using Middleware.Enrichment.Analytics;
using Middleware.Host.Reports;
using Middleware.Samples.History;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Reports;

/// <summary>Reports over four weeks of generated history with a known shape.</summary>
public sealed class ReportTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 10, 5, 0, 0, 0, TimeSpan.FromHours(8)); // a Monday
    private readonly TempDirectory _dir = new();
    private IReadOnlyList<CallRecord> _calls = [];

    public string JournalPath => _dir.File("history.db");

    public async Task InitializeAsync()
    {
        await using var journal = await SqliteJournal.OpenAsync(new JournalOptions { Path = JournalPath, Durability = JournalDurability.Normal });
        await new CallHistoryGenerator(seed: 7).WriteAsync(journal, Start, days: 28, peakCallsPerHour: 40);
        var events = new List<Core.Events.EventEnvelope>();
        await foreach (var e in JournalScan.AllAsync(journal))
        {
            events.Add(e);
        }

        _calls = CallRecords.Fold(events);
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void Trends_find_the_late_morning_and_afternoon_peaks()
    {
        var profile = TrafficProfile.From(_calls, TimeSpan.FromHours(8));
        var peaks = profile.PeakHours();

        Assert.Contains(10, peaks);
        Assert.Contains(11, peaks);
        Assert.DoesNotContain(13, peaks);
        Assert.All(peaks, h => Assert.InRange(h, 9, 16));
        Assert.True(profile.AveragePerDay(DayOfWeek.Monday, 10) > 2 * profile.AveragePerDay(DayOfWeek.Sunday, 10));

        var report = TrendReport.Build(_calls, TimeSpan.FromHours(8), Start, Start.AddDays(28));
        Assert.Contains("10:00–11:00", report.Sections[0].Text, StringComparison.Ordinal);
        Assert.Contains("<svg", report.Sections[0].Svg, StringComparison.Ordinal);
        Assert.Equal(["weekday", "hour", "calls", "calls_per_day", "answered", "abandoned", "avg_wait_seconds", "peak_hour"], report.Csv[0]);
    }

    [Fact]
    public void Demand_ranks_reasons_and_finds_repeat_callers()
    {
        var report = DemandReport.Build(_calls, Start, Start.AddDays(28), TimeSpan.FromDays(7));
        var reasons = report.Sections[0].TableRows!.Select(r => r[0]).ToList();
        Assert.Equal("order_status", reasons[0]);
        Assert.Equal("billing", reasons[1]);

        var repeats = RepeatCallers.Find(_calls, TimeSpan.FromDays(7));
        Assert.NotEmpty(repeats);
        Assert.All(repeats, r => Assert.True(r.Calls >= 2));
    }

    [Fact]
    public void Demand_shows_ivr_containment_when_callers_used_the_ivr_and_leaves_it_out_when_none_did()
    {
        var ivr = Enrichment.Ivr.ContainmentRate.From(
        [
            new Core.Events.IvrSessionEnded("ivr", "self-served", "balance", 9, 31.5),
            new Core.Events.IvrSessionEnded("ivr", "self-served", "order-status", 7, 25),
            new Core.Events.IvrSessionEnded("ivr", "self-served", "balance", 8, 20),
            new Core.Events.IvrSessionEnded("ivr", "transferred", "agent", 4, 12),
            new Core.Events.IvrSessionEnded("ivr", "failed", null, 1, 1, "crm down"),
            new Core.Events.IvrSessionEnded("survey", "completed", "5", 3, 10), // not self-service
        ]);

        var report = DemandReport.Build(_calls, Start, Start.AddDays(28), TimeSpan.FromDays(7), ivr);
        var section = Assert.Single(report.Sections, s => s.Heading.StartsWith("IVR self-service", StringComparison.Ordinal));
        Assert.StartsWith("Containment 75.0 %: of 4 callers", section.Text, StringComparison.Ordinal);
        Assert.Equal(["self-served", "3", "75.0"], section.TableRows![0]);
        Assert.Equal(["failed (not counted)", "1", ""], section.TableRows[3]);
        Assert.Contains(report.Csv, row => row is ["ivr", "containment", "4", "75.0 % self-served"]);

        var without = DemandReport.Build(_calls, Start, Start.AddDays(28), TimeSpan.FromDays(7), Enrichment.Ivr.ContainmentRate.From([]));
        Assert.DoesNotContain(without.Sections, s => s.Heading.StartsWith("IVR", StringComparison.Ordinal));
    }

    [Fact]
    public void The_forecast_for_a_monday_morning_follows_past_mondays_and_staffs_it()
    {
        var offset = TimeSpan.FromHours(8);
        var forecast = VolumeForecast.Forecast(_calls, offset, Start.AddDays(28), days: 7, TimeSpan.FromSeconds(200), 0.8, TimeSpan.FromSeconds(20));
        var monday10 = forecast.Single(f => f.Hour.DayOfWeek == DayOfWeek.Monday && f.Hour.Hour == 10);
        var pastMondays = _calls.Where(c => c.StartedAt.ToOffset(offset) is { DayOfWeek: DayOfWeek.Monday, Hour: 10 }).Count() / 4.0;

        Assert.InRange(monday10.Calls, pastMondays * 0.8, pastMondays * 1.2);
        Assert.Equal(ErlangC.AgentsNeeded(monday10.Calls, TimeSpan.FromSeconds(200), 0.8, TimeSpan.FromSeconds(20)), monday10.AgentsNeeded);
        Assert.True(monday10.ServiceLevelAtThatStaffing >= 0.8);
        Assert.Equal(0, forecast.Single(f => f.Hour.DayOfWeek == DayOfWeek.Monday && f.Hour.Hour == 3).Calls);
        Assert.Equal(7 * 24, forecast.Count);
    }

    [Theory]
    [InlineData("trends")]
    [InlineData("demand")]
    [InlineData("forecast")]
    public async Task The_report_command_writes_html_with_charts_and_a_csv(string kind)
    {
        var html = _dir.File($"{kind}.html");
        var (code, stdout, stderr) = await Cli.MiddlewareProcess.RunAsync(["report", kind, "--journal", JournalPath, "--out", html, "--tz", "+08:00"]);

        Assert.True(code == 0, stderr);
        Assert.Contains($"{kind} report:", stdout, StringComparison.Ordinal);
        var page = await File.ReadAllTextAsync(html);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.True((await File.ReadAllLinesAsync(Path.ChangeExtension(html, ".csv"))).Length > 5);
    }
}
