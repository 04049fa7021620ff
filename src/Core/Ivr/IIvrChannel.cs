namespace Middleware.Core.Ivr;

/// <summary>
/// A caller's line as a voice application drives it: prompts, digits, spoken numbers and channel
/// variables. FastAGI implements it over the AGI protocol (the dialplan line
/// <c>AGI(agi://host/app)</c>); tests and simulations can implement it too. Every method that talks
/// to the caller throws <see cref="CallerHungUpException"/> once the caller has gone.
/// </summary>
public interface IIvrChannel
{
    /// <summary>The caller's number as the PBX presents it (agi_callerid), "" when withheld.</summary>
    string CallerNumber { get; }

    /// <summary>The PBX's channel name (agi_channel).</summary>
    string Channel { get; }

    /// <summary>The call this session belongs to, qualified like the AMI source's call ids; null when unknown.</summary>
    string? CallId { get; }

    /// <summary>The channel's language (agi_language, or a <c>lang</c> query argument).</summary>
    string Language { get; }

    /// <summary>Query arguments of the script URL (<c>ivr?lang=zh&amp;flow=main</c>) and positional ones (agi_arg_1 as "1").</summary>
    IReadOnlyDictionary<string, string> Arguments { get; }

    bool HungUp { get; }

    Task AnswerAsync(CancellationToken cancellationToken);

    /// <summary>Plays a prompt file (STREAM FILE); returns the digit that interrupted it, if any.</summary>
    Task<char?> PlayAsync(string prompt, string escapeDigits, CancellationToken cancellationToken);

    /// <summary>Plays a prompt and collects up to <paramref name="maxDigits"/> digits (GET DATA).</summary>
    Task<DigitInput> ReadDigitsAsync(string prompt, TimeSpan timeout, int maxDigits, CancellationToken cancellationToken);

    Task SayNumberAsync(long number, CancellationToken cancellationToken);

    Task SayDigitsAsync(string digits, CancellationToken cancellationToken);

    /// <summary>Sets a channel variable the dialplan reads after the AGI returns (IVR_RESULT...).</summary>
    Task SetVariableAsync(string name, string value, CancellationToken cancellationToken);

    /// <summary>Reads a channel variable (AMDSTATUS after AMD()); null when unset.</summary>
    Task<string?> GetVariableAsync(string name, CancellationToken cancellationToken);

    /// <summary>Runs a dialplan application (EXEC); returns its result code.</summary>
    Task<int> ExecAsync(string application, string arguments, CancellationToken cancellationToken);

    Task VerboseAsync(string message, int level, CancellationToken cancellationToken);

    Task HangupAsync(CancellationToken cancellationToken);

    /// <summary>Journals an event about this session's call (menu choices, lookups, results).</summary>
    ValueTask RecordAsync(CallCenterEvent payload, CancellationToken cancellationToken);
}

/// <param name="TimedOut">The caller stopped entering digits before <c>maxDigits</c> or '#'.</param>
public readonly record struct DigitInput(string Digits, bool TimedOut);

/// <summary>The caller hung up (or the PBX closed the session) while a voice application was talking to them.</summary>
public sealed class CallerHungUpException(string message) : Exception(message);
