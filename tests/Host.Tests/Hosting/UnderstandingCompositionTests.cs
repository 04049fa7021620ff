using Microsoft.Extensions.Logging;
using Middleware.Enrichment.Emotion;
using Middleware.Enrichment.Intent;
using Middleware.Host.Configuration;
using Middleware.Host.Hosting;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Hosting;

public sealed class UnderstandingCompositionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Missing_and_corrupt_models_are_logged_by_file_and_the_enrichers_still_run()
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "models", "sentiment-en.model"), _dir.File("sentiment-en.model"));
        File.WriteAllText(_dir.File("intent-en.model"), "MWTXTCL1 but nothing after");
        var logger = new ListLogger();
        var enrichers = UnderstandingComposition.Enrichers(new MiddlewareConfig { Understanding = new UnderstandingConfig { Models = _dir.Path } }, logger).ToList();

        Assert.Contains(enrichers, e => e is EmotionEnricher);
        Assert.Contains(enrichers, e => e is IntentEnricher);
        Assert.Contains(logger.Errors, m => m.Contains("intent-en.model: header length", StringComparison.Ordinal));
        Assert.Contains(logger.Errors, m => m.Contains("sentiment-zh.model: not found", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Errors, m => m.Contains("sentiment-en.model", StringComparison.Ordinal));
    }

    [Fact]
    public void The_shipped_models_all_load()
    {
        var logger = new ListLogger();
        Assert.Equal(2, UnderstandingComposition.Enrichers(new MiddlewareConfig(), logger).Count());
        Assert.Empty(logger.Errors);
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Errors { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                lock (Errors)
                {
                    Errors.Add(formatter(state, exception));
                }
            }
        }
    }
}
