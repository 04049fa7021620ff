namespace Middleware.Samples.Agi;

/// <summary>
/// What the person on the line does, in order: each GET DATA takes the next entry ("1", "20240001#",
/// "" to let it time out); <see cref="HangUp"/> as an entry hangs up while that command runs.
/// </summary>
public sealed class AgiCaller(params string[] inputs)
{
    public const string HangUp = "<hangup>";

    private readonly Queue<string> _inputs = new(inputs);

    /// <summary>The next thing the caller keys in; a caller with nothing left to say lets prompts time out.</summary>
    public string Next() => _inputs.Count > 0 ? _inputs.Dequeue() : "";

    public bool HasMore => _inputs.Count > 0;

    /// <summary>Whether the next entry hangs up (checked before commands that play to the caller).</summary>
    public bool HangsUpNext => _inputs.Count > 0 && _inputs.Peek() == HangUp;
}
