namespace Middleware.Enrichment.Asr;

/// <summary>
/// The engines the middleware transcribes with and which leg goes to which (<see cref="AsrRoute"/>):
/// each engine is made once, however many routes name it, and disposed once. A leg is routed when
/// its first audio arrives, by then the call has usually been answered from its queue.
/// </summary>
public sealed class SpeechEngineRoutes : IDisposable
{
    private readonly IReadOnlyList<(AsrRoute Route, ISpeechEngine? Engine)> _routes;

    public SpeechEngineRoutes(ISpeechEngine? fallback, IReadOnlyList<(AsrRoute Route, ISpeechEngine? Engine)>? routes = null)
    {
        Fallback = fallback;
        _routes = routes ?? [];
        Engines = new[] { fallback }.Concat(_routes.Select(r => r.Engine)).OfType<ISpeechEngine>().Distinct().ToArray();
    }

    /// <summary>For the legs no route takes (asr.engine); null: those are not transcribed.</summary>
    public ISpeechEngine? Fallback { get; }

    /// <summary>Every engine in use, each once.</summary>
    public IReadOnlyList<ISpeechEngine> Engines { get; }

    /// <summary>The engine for a leg of <paramref name="call"/> mirrored by <paramref name="source"/>; null: the leg is not transcribed.</summary>
    public ISpeechEngine? For(string source, LiveCall? call, LiveCall? joined)
    {
        foreach (var (route, engine) in _routes)
        {
            if (route.Matches(source, call, joined))
            {
                return engine;
            }
        }

        return Fallback;
    }

    public void Dispose()
    {
        foreach (var engine in Engines)
        {
            engine.Dispose();
        }
    }
}
