namespace Middleware.Adapters.Ami.Normalization;

public enum AmiMapping { Mapped, StateOnly, Unmapped }

/// <summary>How many AMI events of each name were mapped, folded into state only, or kept as Unmapped.</summary>
public sealed class AmiNormalizerStats
{
    private readonly ConcurrentDictionary<(string Event, AmiMapping Mapping), long> _counts = new();

    internal void Count(string name, AmiMapping mapping) => _counts.AddOrUpdate((name, mapping), 1, static (_, n) => n + 1);

    public IReadOnlyDictionary<(string Event, AmiMapping Mapping), long> Counts => _counts;

    public long Total(AmiMapping mapping) => _counts.Where(p => p.Key.Mapping == mapping).Sum(p => p.Value);
}
