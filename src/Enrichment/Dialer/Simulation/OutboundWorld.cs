namespace Middleware.Enrichment.Dialer.Simulation;

/// <summary>
/// The people a campaign calls and the agents who talk to them, as the simulator (and the AMI
/// emulator's Originate) draws them: who answers (a person, a machine), who is busy, how long
/// phones ring, how long AMD takes to decide, how long a conversation lasts.
/// </summary>
public sealed class OutboundWorld
{
    /// <summary>Share of dials a person answers.</summary>
    public double HumanAnswer { get; init; } = 0.20;

    /// <summary>Share of dials an answering machine or voicemail takes.</summary>
    public double Machine { get; init; } = 0.12;

    public double Busy { get; init; } = 0.08;

    /// <summary>Ring time before an answer: uniform between these.</summary>
    public double RingMinSeconds { get; init; } = 4;

    public double RingMaxSeconds { get; init; } = 20;

    /// <summary>AMD() listens this long before it says HUMAN or MACHINE.</summary>
    public double AmdSeconds { get; init; } = 3;

    public double BusySignalSeconds { get; init; } = 3;

    /// <summary>Conversation length: log-normal with this mean and coefficient of variation.</summary>
    public double HandleMeanSeconds { get; init; } = 180;

    public double HandleVariation { get; init; } = 0.6;

    public enum Outcome { Human, Machine, Busy, NoAnswer }

    public (Outcome Outcome, double Seconds) Dial(Random random, double ringTimeoutSeconds)
    {
        var draw = random.NextDouble();
        var ring = RingMinSeconds + random.NextDouble() * (RingMaxSeconds - RingMinSeconds);
        if (draw < HumanAnswer)
        {
            return (Outcome.Human, ring + AmdSeconds);
        }

        if (draw < HumanAnswer + Machine)
        {
            return (Outcome.Machine, ring + AmdSeconds);
        }

        return draw < HumanAnswer + Machine + Busy ? (Outcome.Busy, BusySignalSeconds) : (Outcome.NoAnswer, ringTimeoutSeconds);
    }

    public double HandleSeconds(Random random) => Math.Max(10, Analytics.Simulation.Draws.LogNormal(random, HandleMeanSeconds, HandleVariation));
}
