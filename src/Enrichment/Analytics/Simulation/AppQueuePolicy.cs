namespace Middleware.Enrichment.Analytics.Simulation;

/// <summary>Asterisk app_queue's member strategies (queues.conf <c>strategy=</c>).</summary>
public enum AppQueueStrategy { RingAll, LeastRecent, FewestCalls, RrMemory, Linear, Random, WRandom }

/// <summary>
/// The legacy ACD as Asterisk's app_queue decides, following <c>calc_metric()</c> in
/// apps/app_queue.c: each free member gets a metric and the lowest rings; a member's penalty adds
/// penalty × 1,000,000 (so lower-penalty members are always tried first) except under wrandom,
/// whose metric is random % ((1 + penalty) × 1000). Callers wait in order of QUEUE_PRIO then
/// arrival, and a member in several queues serves the heavier queue (queues.conf <c>weight</c>) first.
/// Under ringall every lowest-metric member rings and the first to pick up wins: a random one of them.
/// </summary>
public sealed class AppQueuePolicy(AppQueueStrategy strategy) : IRoutingPolicy
{
    public AppQueueStrategy Strategy { get; } = strategy;

    public string Name => "legacy:" + Strategy.ToString().ToLowerInvariant();

    public (double Primary, double Secondary) ServeOrder(SimulatedCaller caller, SimulationWorld world, double now) =>
        (-(world.QueueWeights[caller.Queue] * 1_000_000.0) - caller.Priority, caller.ArrivedAt);

    public SimulatedAgent? Choose(SimulatedCaller caller, IReadOnlyList<SimulatedAgent> free, SimulationWorld world, double now)
    {
        SimulatedAgent? best = null;
        var bestMetric = double.MaxValue;
        var ties = 0;
        foreach (var member in free)
        {
            var metric = Metric(member, caller.Queue, world, now);
            if (metric < bestMetric)
            {
                best = member;
                bestMetric = metric;
                ties = 1;
            }
            else if (metric == bestMetric && Strategy == AppQueueStrategy.RingAll && world.Random.Next(++ties) == 0)
            {
                best = member; // reservoir pick: each ringing member equally likely to answer first
            }
        }

        return best;
    }

    public void Connected(SimulatedCaller caller, SimulatedAgent agent, SimulationWorld world)
    {
        if (Strategy == AppQueueStrategy.RrMemory)
        {
            // store_next_rr(): the next ring pass starts after the member who answered.
            world.RoundRobinPosition[caller.Queue] = agent.PositionInQueue[caller.Queue] + 1;
        }
    }

    private double Metric(SimulatedAgent member, int queue, SimulationWorld world, double now)
    {
        var position = member.PositionInQueue[queue];
        double metric = Strategy switch
        {
            AppQueueStrategy.RingAll => 0,
            AppQueueStrategy.Linear => position, // each caller's linpos starts at the first member
            AppQueueStrategy.RrMemory => position < world.RoundRobinPosition[queue] ? 1000 + position : position,
            AppQueueStrategy.Random => world.Random.Next(1000),
            AppQueueStrategy.WRandom => world.Random.Next((1 + member.Penalty) * 1000),
            AppQueueStrategy.FewestCalls => member.CallsTaken,
            AppQueueStrategy.LeastRecent => double.IsNaN(member.LastCallEndedAt) ? 0 : 1_000_000 - (now - member.LastCallEndedAt),
            _ => 0,
        };
        return Strategy == AppQueueStrategy.WRandom ? metric : metric + (member.Penalty * 1_000_000.0);
    }
}
