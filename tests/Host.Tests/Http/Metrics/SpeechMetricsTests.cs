using Microsoft.Extensions.Logging.Abstractions;
using Middleware.Core.Events;
using Middleware.Core.Journal;
using Middleware.Host.Configuration;
using Middleware.Host.Hosting;
using Middleware.Host.Http.Metrics;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Http.Metrics;

/// <summary>/metrics says what speech recognition is doing: audio taken in and shed, backlog, legs, RTF, segments, failures.</summary>
public sealed class SpeechMetricsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_speech_engines_figures_are_on_metrics_labelled_with_the_engine()
    {
        var config = new MiddlewareConfig
        {
            Journal = new JournalOptions { Path = _dir.File("journal.db"), Durability = JournalDurability.Normal },
            Asr = { Engine = "http", Http = { Url = $"http://127.0.0.1:{Ports.FreeTcp()}/v1/audio/transcriptions" } }, // nothing listens
        };
        var runtime = await MiddlewareRuntime.StartAsync(config, NullLoggerFactory.Instance);
        try
        {
            Assert.NotNull(runtime.Speech);
            var factory = new EventFactory(TimeProvider.System);
            var at = DateTimeOffset.UtcNow;
            await runtime.Pipeline.PublishAsync(factory.Create("sbc", "sbc:call-1", new CallStarted("13800138000", null, "400", CallDirection.Inbound), at));
            for (var i = 0; i < 25; i++)
            {
                var silence = new byte[320]; // 20 ms of 8 kHz 16-bit silence
                await runtime.Pipeline.PublishAsync(factory.Create("sbc", "sbc:call-1", new AudioChunk(Speaker.Caller, at.AddMilliseconds(20 * i), 8000, silence), at.AddMilliseconds(20 * i)));
            }

            var metrics = new MiddlewareMetrics(runtime);
            await Eventually.True(() => Scrape(metrics).Contains("mw_asr_chunks_total{engine=\"http\"} 25"), "25 chunks counted", state: () => Scrape(metrics));
            var lines = Scrape(metrics).Split('\n');
            Assert.Contains("mw_asr_chunks_shed_total{engine=\"http\"} 0", lines);
            Assert.Contains(lines, l => l.StartsWith("mw_asr_backlog_chunks{engine=\"http\"}", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("mw_asr_active_legs{engine=\"http\"}", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("mw_asr_real_time_factor{engine=\"http\"}", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("mw_asr_failures_total{engine=\"http\"}", StringComparison.Ordinal));
        }
        finally
        {
            await runtime.StopAsync();
        }
    }

    private static string Scrape(MiddlewareMetrics metrics)
    {
        using var stream = new MemoryStream();
        metrics.Registry.CollectAndExportAsTextAsync(stream).GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
