using Middleware.Adapters.Ami.Framing;

namespace Middleware.Adapters.Ami.Protocol;

/// <summary>
/// One AMI message (an event or a response) exactly as received: its bytes, and the position of
/// each key's value in them. Keys keep their order and may repeat (ChanVariable, Output); values
/// are decoded (UTF-8) only when asked for. Key lookups ignore case, as Asterisk's do.
/// </summary>
public sealed class AmiMessage
{
    private readonly byte[] _raw;
    private readonly AmiField[] _fields;

    internal AmiMessage(byte[] raw, AmiField[] fields, long streamOffset, IReadOnlyList<AmiFramingError>? problems = null)
    {
        _raw = raw;
        _fields = fields;
        StreamOffset = streamOffset;
        Problems = problems;
    }

    /// <summary>Builds a message from fields (the emulator and tests; the parser builds from bytes).</summary>
    public static AmiMessage Create(params (string Key, string Value)[] fields)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in fields)
        {
            text.Append(key).Append(": ").Append(value).Append("\r\n");
        }

        text.Append("\r\n");
        var parser = new AmiFrameParser(new AmiParserOptions { ExpectBanner = false });
        var buffer = new System.Buffers.ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text.ToString()));
        return parser.TryRead(ref buffer, out var frame) && frame.Message is { } message
            ? message
            : throw new ArgumentException("fields do not form an AMI message");
    }

    /// <summary>Offset of the first byte in the connection's stream (for error reports).</summary>
    public long StreamOffset { get; }

    /// <summary>Lines inside this message that were not "Key: Value"; skipped, reported here.</summary>
    public IReadOnlyList<AmiFramingError>? Problems { get; }

    public ReadOnlyMemory<byte> Raw => _raw;

    public int Count => _fields.Length;

    public string KeyAt(int index) => _fields[index].Key;

    public string ValueAt(int index) => Encoding.UTF8.GetString(ValueBytesAt(index));

    internal AmiField FieldAt(int index) => _fields[index];

    public ReadOnlySpan<byte> ValueBytesAt(int index) => _raw.AsSpan(_fields[index].ValueStart, _fields[index].ValueLength);

    public string? Event => this["Event"];

    public string? Response => this["Response"];

    public string? ActionId => this["ActionID"];

    public bool IsEvent => IndexOf("Event") >= 0;

    public bool IsResponse => IndexOf("Response") >= 0;

    /// <summary>The first value of a key, or null when absent.</summary>
    public string? this[string key] => IndexOf(key) is var i and >= 0 ? ValueAt(i) : null;

    public bool TryGetValue(string key, out string value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? ValueAt(i) : "";
        return i >= 0;
    }

    /// <summary>True when the key is present with exactly this value (no decoding, no allocation).</summary>
    public bool Is(string key, string value)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            return false;
        }

        var bytes = ValueBytesAt(i);
        if (bytes.Length != value.Length)
        {
            return false;
        }

        for (var j = 0; j < bytes.Length; j++)
        {
            if (char.ToLowerInvariant((char)bytes[j]) != char.ToLowerInvariant(value[j]))
            {
                return false;
            }
        }

        return true;
    }

    public IEnumerable<string> GetAll(string key)
    {
        for (var i = 0; i < _fields.Length; i++)
        {
            if (KeyEquals(_fields[i].Key, key))
            {
                yield return ValueAt(i);
            }
        }
    }

    public int IndexOf(string key)
    {
        for (var i = 0; i < _fields.Length; i++)
        {
            if (KeyEquals(_fields[i].Key, key))
            {
                return i;
            }
        }

        return -1;
    }

    public IEnumerable<KeyValuePair<string, string>> Fields
    {
        get
        {
            for (var i = 0; i < _fields.Length; i++)
            {
                yield return new KeyValuePair<string, string>(_fields[i].Key, ValueAt(i));
            }
        }
    }

    private static bool KeyEquals(string a, string b) =>
        ReferenceEquals(a, b) || string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Encoding.UTF8.GetString(_raw);
}
