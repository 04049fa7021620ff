namespace Middleware.Enrichment.Analytics.Simulation;

/// <summary>
/// Who takes which waiting caller. The simulator asks whenever a caller arrives or an agent frees
/// up; a policy orders the waiting callers and picks, among the free members of the caller's queue,
/// the one to connect (or none, to keep the caller waiting).
/// </summary>
public interface IRoutingPolicy
{
    string Name { get; }

    /// <summary>Sort key of a waiting caller: smaller is served first.</summary>
    (double Primary, double Secondary) ServeOrder(SimulatedCaller caller, SimulationWorld world, double now);

    SimulatedAgent? Choose(SimulatedCaller caller, IReadOnlyList<SimulatedAgent> free, SimulationWorld world, double now);

    /// <summary>Told after every connection (round-robin memory).</summary>
    void Connected(SimulatedCaller caller, SimulatedAgent agent, SimulationWorld world);
}
