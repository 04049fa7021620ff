namespace Middleware.Enrichment.Analytics.Simulation;

/// <summary>The routing policies `simulate --routing` names: <c>legacy:&lt;app_queue strategy&gt;</c>.</summary>
public static class RoutingPolicies
{
    public static IReadOnlyList<string> Legacy { get; } =
        Enum.GetValues<AppQueueStrategy>().Select(s => "legacy:" + s.ToString().ToLowerInvariant()).ToArray();

    public static IReadOnlyList<string> All => Legacy;

    /// <summary>A factory for the named policy (one instance per run), or null with the reason.</summary>
    public static Func<IRoutingPolicy>? Parse(string name, out string? error)
    {
        error = null;
        if (name.StartsWith("legacy:", StringComparison.Ordinal)
            && Enum.TryParse<AppQueueStrategy>(name["legacy:".Length..], ignoreCase: true, out var strategy)
            && Enum.IsDefined(strategy))
        {
            return () => new AppQueuePolicy(strategy);
        }

        error = $"unknown routing '{name}': use one of {string.Join(", ", All)}";
        return null;
    }
}
