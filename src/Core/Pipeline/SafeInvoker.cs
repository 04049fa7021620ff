using Microsoft.Extensions.Logging;

namespace Middleware.Core.Pipeline;

/// <summary>
/// Runs one plugin call so that its exception or hang cannot reach the pipeline: it is counted,
/// logged and turned into an <see cref="EnricherFailed"/> event, and the next plugin runs.
/// </summary>
internal sealed class SafeInvoker(PipelineMetrics metrics, ILogger logger, TimeSpan timeout, TimeProvider time)
{
    // A plugin broken on every event would write one stack trace per event: its failures are
    // rate-limited per plugin (every one is still counted and journaled as EnricherFailed).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Sources.RepeatedWarnings> _warnings = new(StringComparer.Ordinal);

    /// <summary>Returns the failure description, or null when the call succeeded.</summary>
    public async ValueTask<string?> InvokeAsync(string plugin, EventEnvelope envelope, ValueTask call)
    {
        try
        {
            if (!call.IsCompletedSuccessfully)
            {
                await call.AsTask().WaitAsync(timeout, time).ConfigureAwait(false);
            }

            return null;
        }
        catch (TimeoutException)
        {
            return Report(plugin, envelope, $"timed out after {timeout.TotalMilliseconds:0} ms", null);
        }
        catch (Exception ex)
        {
            return Report(plugin, envelope, $"{ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    /// <summary>For a plugin that threw before returning its task.</summary>
    public string Report(string plugin, EventEnvelope envelope, Exception ex) =>
        Report(plugin, envelope, $"{ex.GetType().Name}: {ex.Message}", ex);

    private string Report(string plugin, EventEnvelope envelope, string error, Exception? ex)
    {
        metrics.CountEnricherFailure(plugin);
        if (!_warnings.GetOrAdd(plugin, p => new Sources.RepeatedWarnings(logger, $"plugin {p} failures", time)).ShouldLog())
        {
            return error;
        }

        logger.LogWarning(ex, "plugin {Plugin} failed on {Kind} {EventId} of call {CallId}: {Error}", plugin, envelope.Kind, envelope.Id, envelope.CallId, error);
        return error;
    }
}
