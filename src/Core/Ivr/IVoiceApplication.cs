namespace Middleware.Core.Ivr;

/// <summary>
/// Something a dialplan can hand a call to: an IVR flow, the outbound survey, the dialer's answer
/// handler. Chosen by the script name of the AGI URL (<c>agi://host/NAME?args</c>).
/// </summary>
public interface IVoiceApplication
{
    /// <summary>The script name it answers to ("ivr", "survey", "dialer").</summary>
    string Name { get; }

    /// <summary>Runs the call until it is done; what it returns is journaled as the session's result.</summary>
    Task<VoiceOutcome> RunAsync(IIvrChannel channel, CancellationToken cancellationToken);
}

/// <param name="Outcome">self-served, transferred, completed, caller-hung-up, failed.</param>
/// <param name="Result">What the dialplan gets back (IVR_RESULT), e.g. balance, order-status, agent.</param>
public sealed record VoiceOutcome(string Outcome, string? Result = null);
