namespace Middleware.Core.Queues;

/// <summary>Asterisk app_queue's member strategies (queues.conf <c>strategy=</c>).</summary>
public enum AppQueueStrategy { RingAll, LeastRecent, FewestCalls, RrMemory, Linear, Random, WRandom }

/// <summary>
/// What <c>calc_metric()</c> reads of one free member: its place in the queue's member list, its
/// penalty, calls taken, and seconds since its last call ended (NaN before the first: lastcall = 0).
/// </summary>
public readonly record struct QueueMemberFacts(int Position, int Penalty, int CallsTaken, double SecondsSinceLastCall);

/// <summary>
/// app_queue's choice of the member to ring, following <c>calc_metric()</c> in apps/app_queue.c:
/// each free member gets a metric and the lowest rings; a member's penalty adds penalty × 1,000,000
/// (so lower-penalty members are always tried first) except under wrandom, whose metric is
/// random % ((1 + penalty) × 1000). Under ringall every lowest-metric member rings and the first to
/// pick up wins: a random one of them. One function for the fast simulator and the emulated PBX, so
/// both legacy ACDs choose alike; every draw comes from the caller's one seeded generator.
/// </summary>
public static class AppQueueMetric
{
    public static double Of(AppQueueStrategy strategy, in QueueMemberFacts member, int roundRobinPosition, Random random)
    {
        var position = member.Position;
        double metric = strategy switch
        {
            AppQueueStrategy.RingAll => 0,
            AppQueueStrategy.Linear => position, // each caller's linpos starts at the first member
            AppQueueStrategy.RrMemory => position < roundRobinPosition ? 1000 + position : position,
            AppQueueStrategy.Random => random.Next(1000),
            AppQueueStrategy.WRandom => random.Next((1 + member.Penalty) * 1000),
            AppQueueStrategy.FewestCalls => member.CallsTaken,
            AppQueueStrategy.LeastRecent => double.IsNaN(member.SecondsSinceLastCall) ? 0 : 1_000_000 - member.SecondsSinceLastCall,
            _ => 0,
        };
        return strategy == AppQueueStrategy.WRandom ? metric : metric + (member.Penalty * 1_000_000.0);
    }

    /// <summary>Index of the member that answers among <paramref name="count"/> free ones (-1 when none).</summary>
    public static int Choose(AppQueueStrategy strategy, int count, Func<int, QueueMemberFacts> member, int roundRobinPosition, Random random)
    {
        var best = -1;
        var bestMetric = double.MaxValue;
        var ties = 0;
        for (var i = 0; i < count; i++)
        {
            var metric = Of(strategy, member(i), roundRobinPosition, random);
            if (metric < bestMetric)
            {
                best = i;
                bestMetric = metric;
                ties = 1;
            }
            else if (metric == bestMetric && strategy == AppQueueStrategy.RingAll && random.Next(++ties) == 0)
            {
                best = i; // reservoir pick: each ringing member equally likely to answer first
            }
        }

        return best;
    }

    /// <summary>store_next_rr(): under rrmemory the next ring pass starts after the member who answered.</summary>
    public static int NextRoundRobin(AppQueueStrategy strategy, int answeredPosition, int current) =>
        strategy == AppQueueStrategy.RrMemory ? answeredPosition + 1 : current;
}
