using System.Text;

namespace Middleware.Samples.Ami;

/// <summary>Writes AMI messages as Asterisk does: "Key: Value" lines in order, CRLF, a blank line at the end.</summary>
public sealed class AmiWire
{
    private readonly StringBuilder _text = new(512);

    private AmiWire(string firstKey, string firstValue) => Add(firstKey, firstValue);

    public static AmiWire Event(string name, string privilege) => new AmiWire("Event", name).Add("Privilege", privilege);

    public static AmiWire Response(string response, string? actionId) => new AmiWire("Response", response).Add("ActionID", actionId);

    public AmiWire Add(string key, string? value)
    {
        if (value is not null)
        {
            _text.Append(key).Append(": ").Append(value).Append("\r\n");
        }

        return this;
    }

    public AmiWire AddAll(IEnumerable<KeyValuePair<string, string>> fields)
    {
        foreach (var (key, value) in fields)
        {
            Add(key, value);
        }

        return this;
    }

    public string Text => _text + "\r\n";

    public byte[] ToBytes() => Encoding.UTF8.GetBytes(Text);

    public override string ToString() => Text;
}
