using System.Buffers;
using System.Text.Json;

namespace Middleware.Core.Privacy;

/// <summary>
/// The strings of a payload's JSON with the field each belongs to: a property's name; for an
/// array, the array's name; for a key/value pair (an unmapped AMI field), the key's value; for a
/// dictionary (write-back parameters, AGI arguments), the entry's key. Date-times are skipped: a
/// timestamp is not personal data and would read as digits.
/// </summary>
internal static class PayloadStrings
{
    private sealed class Container(bool isArray, string? name)
    {
        public bool IsArray { get; } = isArray;

        /// <summary>The property the container is the value of (an array's elements take it as their field).</summary>
        public string? Name { get; } = name;

        public string? PairKey { get; set; }
    }

    /// <summary>The redacted text of each string token that changed, by token number; null when none did.</summary>
    public static Dictionary<int, string>? Replacements(ReadOnlySpan<byte> json, EnvelopeRedactor redactor)
    {
        Dictionary<int, string>? replacements = null;
        var reader = new Utf8JsonReader(json);
        var containers = new Stack<Container>();
        string? property = null;
        var token = 0;
        while (reader.Read())
        {
            token++;
            var top = containers.Count > 0 ? containers.Peek() : null;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    continue;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    containers.Push(new Container(reader.TokenType == JsonTokenType.StartArray, top is { IsArray: true } ? top.Name : property));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    containers.Pop();
                    break;
                case JsonTokenType.String:
                    var value = reader.GetString()!;
                    var field = top is { IsArray: true } ? top.Name : property == "value" && top?.PairKey is { } key ? key : property;
                    if (property == "key" && top is { IsArray: false })
                    {
                        top.PairKey = value;
                    }

                    if (property != "kind" && !LooksLikeTimestamp(value))
                    {
                        var kept = redactor.RedactField(field, value);
                        if (!ReferenceEquals(kept, value))
                        {
                            (replacements ??= [])[token] = kept;
                        }
                    }

                    break;
            }

            property = null;
        }

        return replacements;
    }

    /// <summary>The same JSON with the replaced strings written in.</summary>
    public static byte[] Rewrite(ReadOnlySpan<byte> json, Dictionary<int, string> replacements)
    {
        var buffer = new ArrayBufferWriter<byte>(json.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var reader = new Utf8JsonReader(json);
            var token = 0;
            while (reader.Read())
            {
                token++;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                    case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                    case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                    case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                    case JsonTokenType.PropertyName: writer.WritePropertyName(reader.GetString()!); break;
                    case JsonTokenType.String:
                        writer.WriteStringValue(replacements.TryGetValue(token, out var kept) ? kept : reader.GetString());
                        break;
                    case JsonTokenType.Null: writer.WriteNullValue(); break;
                    case JsonTokenType.True: writer.WriteBooleanValue(true); break;
                    case JsonTokenType.False: writer.WriteBooleanValue(false); break;
                    default: writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
                }
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static bool LooksLikeTimestamp(string s) =>
        s.Length >= 19 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && char.IsAsciiDigit(s[0]);
}
