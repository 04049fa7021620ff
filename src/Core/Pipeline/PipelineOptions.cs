using System.ComponentModel.DataAnnotations;
using Middleware.Core.Configuration;

namespace Middleware.Core.Pipeline;

public sealed class PipelineOptions
{
    /// <summary>Independent ordered lanes; one call always uses the same lane. 0 = 4 per core.</summary>
    [Range(0, 4096)]
    public int Partitions { get; set; }

    /// <summary>Events a lane may hold before its policy applies.</summary>
    [Range(1, 10_000_000)]
    public int Capacity { get; set; } = 10_000;

    /// <summary>Longest an enricher may take on one event before it is reported as failed.</summary>
    public TimeSpan EnricherTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Per-kind overrides of the default (block, journaled).</summary>
    public Dictionary<string, KindPolicy> Kinds { get; set; } = new()
    {
        [EventKinds.AudioChunk] = new KindPolicy(OverloadPolicy.Shed, Journal: false),
    };

    public int EffectivePartitions => Partitions > 0 ? Partitions : Math.Max(4, Environment.ProcessorCount * 4);

    public KindPolicy PolicyFor(string kind) =>
        Kinds.TryGetValue(kind, out var policy) ? policy : DefaultPolicy;

    public static KindPolicy DefaultPolicy { get; } = new(OverloadPolicy.Block, Journal: true);

    /// <summary>A private copy for the component it configures (<see cref="OptionsCopy"/>).</summary>
    public PipelineOptions Clone() => OptionsCopy.Of(this);
}
