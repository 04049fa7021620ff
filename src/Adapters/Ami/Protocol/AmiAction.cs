namespace Middleware.Adapters.Ami.Protocol;

/// <summary>An action to send to the PBX: a name and ordered fields (keys may repeat, e.g. Variable).</summary>
public sealed class AmiAction
{
    private static readonly HashSet<string> SecretKeys = new(StringComparer.OrdinalIgnoreCase) { "Secret", "Key" };
    private readonly List<KeyValuePair<string, string>> _fields = [];

    public AmiAction(string name)
    {
        Name = Checked("Action", name);
    }

    public string Name { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    /// <summary>Adds a field; null values are left out. CR or LF in a key or value is refused (header injection).</summary>
    public AmiAction Add(string key, string? value)
    {
        if (value is not null)
        {
            _fields.Add(new(Checked(key, key), Checked(key, value)));
        }

        return this;
    }

    public string? this[string key] => _fields.FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    internal void WriteTo(IBufferWriter<byte> writer, string actionId)
    {
        Write(writer, "Action", Name);
        Write(writer, "ActionID", actionId);
        foreach (var (key, value) in _fields)
        {
            Write(writer, key, value);
        }

        writer.Write("\r\n"u8);
    }

    private static void Write(IBufferWriter<byte> writer, string key, string value)
    {
        Encoding.UTF8.GetBytes(key, writer);
        writer.Write(": "u8);
        Encoding.UTF8.GetBytes(value, writer);
        writer.Write("\r\n"u8);
    }

    private static string Checked(string key, string text) =>
        text.AsSpan().IndexOfAny('\r', '\n') < 0
            ? text
            : throw new ArgumentException($"AMI field '{key}' contains a line break; refusing to send it (header injection)");

    /// <summary>For logs: secrets are masked.</summary>
    public override string ToString() =>
        $"Action: {Name} " + string.Join(" ", _fields.Select(f => $"{f.Key}: {(SecretKeys.Contains(f.Key) ? "***" : f.Value)}"));
}
