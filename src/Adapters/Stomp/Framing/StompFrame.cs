namespace Middleware.Adapters.Stomp.Framing;

/// <summary>One STOMP 1.2 frame: a command, headers in order (the first of a repeated name wins), a body.</summary>
public sealed class StompFrame(string command, IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body)
{
    public string Command { get; } = command;

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; } = headers;

    public ReadOnlyMemory<byte> Body { get; } = body;

    public string? this[string name]
    {
        get
        {
            foreach (var (key, value) in Headers)
            {
                if (key == name)
                {
                    return value;
                }
            }

            return null;
        }
    }

    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    public override string ToString() => $"{Command} {string.Join(" ", Headers.Select(h => $"{h.Key}:{h.Value}"))} ({Body.Length} bytes)";
}
