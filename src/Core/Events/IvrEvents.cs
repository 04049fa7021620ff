namespace Middleware.Core.Events;

// Voice self-service: sessions the PBX handed to the middleware (FastAGI) and what happened in them.

/// <param name="Application">The script name from the AGI URL (ivr, survey, dialer).</param>
/// <param name="Arguments">Query and positional arguments of the AGI call.</param>
public sealed record IvrSessionStarted(string Application, string Channel, string? CallerNumber, string? Language, IReadOnlyDictionary<string, string> Arguments) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.IvrSessionStarted;
}

/// <param name="Step">The flow node (main, balance, order...).</param>
/// <param name="Action">menu-choice, lookup, answer, transfer, invalid-input, intent, survey-score.</param>
public sealed record IvrStep(string Application, string Step, string Action, string? Detail) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.IvrStep;
}

/// <param name="Outcome">self-served, transferred, completed, caller-hung-up, failed.</param>
/// <param name="Commands">AGI commands sent in the session.</param>
public sealed record IvrSessionEnded(string Application, string Outcome, string? Result, int Commands, double DurationSeconds, string? Error = null) : CallCenterEvent
{
    [JsonIgnore]
    public override string Kind => EventKinds.IvrSessionEnded;
}
