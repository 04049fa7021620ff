using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Middleware.Adapters.Crm.Mapping;

/// <summary>Fills "{name}" placeholders from the operation's values.</summary>
public static partial class Template
{
    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();

    public static IEnumerable<string> Names(string template) => Placeholder().Matches(template).Select(m => m.Groups[1].Value);

    /// <summary>Text with every placeholder replaced (URL path segments are escaped).</summary>
    public static string Render(string template, IReadOnlyDictionary<string, JsonNode?> values, bool escape) =>
        Placeholder().Replace(template, m =>
        {
            var text = values.TryGetValue(m.Groups[1].Value, out var v) && v is not null ? Text(v) : "";
            return escape ? Uri.EscapeDataString(text) : text;
        });

    /// <summary>A JSON value: a template that is exactly one placeholder keeps the value's own JSON type.</summary>
    public static JsonNode? RenderValue(string template, IReadOnlyDictionary<string, JsonNode?> values)
    {
        var match = Placeholder().Match(template);
        if (match.Success && match.Length == template.Length)
        {
            return values.TryGetValue(match.Groups[1].Value, out var v) ? v?.DeepClone() : null;
        }

        return JsonValue.Create(Render(template, values, escape: false));
    }

    private static string Text(JsonNode node) => node is JsonValue value && value.TryGetValue<string>(out var s) ? s : node.ToJsonString();
}
