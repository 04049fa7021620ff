using Middleware.Core.Queues;

namespace Middleware.Enrichment.Analytics.Simulation;

/// <summary>
/// The legacy ACD as Asterisk's app_queue decides: the member to ring by <see cref="AppQueueMetric"/>
/// (calc_metric() in apps/app_queue.c, the same function the emulated PBX's queue calls). Callers
/// wait in order of QUEUE_PRIO then arrival, and a member in several queues serves the heavier
/// queue (queues.conf <c>weight</c>) first.
/// </summary>
public sealed class AppQueuePolicy(AppQueueStrategy strategy) : IRoutingPolicy
{
    public AppQueueStrategy Strategy { get; } = strategy;

    public string Name => "legacy:" + Strategy.ToString().ToLowerInvariant();

    public (double Primary, double Secondary) ServeOrder(SimulatedCaller caller, SimulationWorld world, double now) =>
        (-(world.QueueWeights[caller.Queue] * 1_000_000.0) - caller.Priority, caller.ArrivedAt);

    public SimulatedAgent? Choose(SimulatedCaller caller, IReadOnlyList<SimulatedAgent> free, SimulationWorld world, double now)
    {
        var queue = caller.Queue;
        var index = AppQueueMetric.Choose(Strategy, free.Count, i => Facts(free[i], queue, now), world.RoundRobinPosition[queue], world.Random);
        return index < 0 ? null : free[index];
    }

    public void Connected(SimulatedCaller caller, SimulatedAgent agent, SimulationWorld world) =>
        world.RoundRobinPosition[caller.Queue] = AppQueueMetric.NextRoundRobin(Strategy, agent.PositionInQueue[caller.Queue], world.RoundRobinPosition[caller.Queue]);

    private static QueueMemberFacts Facts(SimulatedAgent member, int queue, double now) =>
        new(member.PositionInQueue[queue], member.Penalty, member.CallsTaken, now - member.LastCallEndedAt);
}
