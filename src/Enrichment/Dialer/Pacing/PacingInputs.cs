namespace Middleware.Enrichment.Dialer.Pacing;

/// <summary>What the pacing knows at one moment, from live counts and running estimates.</summary>
/// <param name="AgentsIdle">Ready for a call now.</param>
/// <param name="BusySeconds">For each agent on a call: seconds since it connected.</param>
/// <param name="WrapRemainingSeconds">For each agent in after-call work: seconds left.</param>
/// <param name="InFlight">Calls dialed and not yet answered or failed.</param>
/// <param name="WaitingForAgent">Answered people waiting (within the grace) for an agent.</param>
/// <param name="HumanAnswerRate">Share of dials a person answers (running estimate).</param>
/// <param name="MeanTimeToAnswerSeconds">From dial to a person on the line (ring plus AMD).</param>
/// <param name="LogHandle">Talk time of connected calls as a log-normal: mean and deviation of ln(seconds) (running estimates).</param>
/// <param name="AbandonRate">Abandoned over person-answered, over the campaign's window.</param>
public sealed record PacingInputs(
    int AgentsIdle,
    IReadOnlyList<double> BusySeconds,
    IReadOnlyList<double> WrapRemainingSeconds,
    int InFlight,
    int WaitingForAgent,
    double HumanAnswerRate,
    double MeanTimeToAnswerSeconds,
    (double Mean, double Deviation) LogHandle,
    double AbandonRate,
    int AnsweredSoFar);
