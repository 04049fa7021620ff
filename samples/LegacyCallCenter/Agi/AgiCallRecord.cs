namespace Middleware.Samples.Agi;

/// <summary>What happened on the emulated channel during one AGI session, for tests and the demo to check.</summary>
public sealed class AgiCallRecord
{
    /// <summary>Every command line the script sent, as received.</summary>
    public List<string> Commands { get; } = [];

    /// <summary>What the caller heard, in order: "prompt:ivr-main", "number:1234", "digits:2024".</summary>
    public List<string> Heard { get; } = [];

    /// <summary>Channel variables the script set (IVR_RESULT...), and those the dialplan set before (AMDSTATUS).</summary>
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    /// <summary>Dialplan applications run through EXEC, as "Queue(support)".</summary>
    public List<string> Executed { get; } = [];

    public bool Answered { get; set; }

    /// <summary>The channel hung up (by the caller, or by the script's HANGUP).</summary>
    public bool HungUp { get; set; }

    /// <summary>The script closed the connection itself (AGISTATUS=SUCCESS); false when the channel went first.</summary>
    public bool ScriptClosed { get; set; }
}
