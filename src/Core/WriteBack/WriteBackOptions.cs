using System.ComponentModel.DataAnnotations;
using Middleware.Core.Configuration;

namespace Middleware.Core.WriteBack;

public sealed class WriteBackOptions
{
    /// <summary>observe (shadow, nothing written), assist (hints, notes, tickets) or act (may move calls).</summary>
    public WriteBackMode Mode { get; set; } = WriteBackMode.Observe;

    /// <summary>Per target, the actions the operator allows. Anything not listed is skipped and journaled as such.</summary>
    public Dictionary<string, List<string>> Allow { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Per attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    [Range(0, 20)]
    public int Retries { get; set; } = 2;

    /// <summary>Write-backs run in this many ordered lanes (one call's actions stay in order).</summary>
    [Range(1, 256)]
    public int Lanes { get; set; } = 4;

    /// <summary>At a stop, how long queued write-backs may still run before retries are interrupted (and resumed at the next start).</summary>
    public TimeSpan DrainOnStop { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between tries of a durable write while its target is down.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A private copy for the component it configures (<see cref="OptionsCopy"/>).</summary>
    public WriteBackOptions Clone() => OptionsCopy.Of(this);
}
