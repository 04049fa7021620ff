using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Middleware.Core.Sources;

namespace Middleware.Core.Tests.Sources;

public class RepeatedWarningsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger _logger = new();

    [Fact]
    public void A_flood_logs_its_first_few_then_one_summary_when_the_window_closes()
    {
        using var warnings = new RepeatedWarnings(_logger, "AMI pbx-main: framing errors", _time, burst: 5, window: TimeSpan.FromSeconds(10));

        var logged = Enumerable.Range(0, 1963).Count(_ => warnings.ShouldLog());

        Assert.Equal(5, logged);
        Assert.Equal(0, _logger.Collector.Count); // the caller logs the five; the summary waits for the window
        _time.Advance(TimeSpan.FromSeconds(10));
        var summary = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, summary.Level);
        Assert.Equal("AMI pbx-main: framing errors: … and 1,958 more like it in the last 10 s", summary.Message);
        Assert.Equal(1958, warnings.HeldBackTotal);
    }

    [Fact]
    public void A_new_window_logs_again_and_a_quiet_one_writes_no_summary()
    {
        using var warnings = new RepeatedWarnings(_logger, "x", _time, burst: 2, window: TimeSpan.FromSeconds(10));
        Assert.True(warnings.ShouldLog());
        Assert.True(warnings.ShouldLog());
        _time.Advance(TimeSpan.FromSeconds(11));

        Assert.True(warnings.ShouldLog());
        Assert.True(warnings.ShouldLog());
        Assert.False(warnings.ShouldLog());
        Assert.Equal(0, _logger.Collector.Count);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Contains("… and 1 more like it", Assert.Single(_logger.Collector.GetSnapshot()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void What_is_held_back_at_close_is_still_summarised()
    {
        var warnings = new RepeatedWarnings(_logger, "FastAGI: framing errors", _time, burst: 1);
        warnings.ShouldLog();
        warnings.ShouldLog();
        warnings.ShouldLog();

        warnings.Dispose();

        Assert.Contains("… and 2 more like it", Assert.Single(_logger.Collector.GetSnapshot()).Message, StringComparison.Ordinal);
    }
}
