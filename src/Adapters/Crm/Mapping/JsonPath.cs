using System.Text.Json.Nodes;

namespace Middleware.Adapters.Crm.Mapping;

/// <summary>Tiny paths into JSON answers: "data[0].contact_id", "case.case_no", "" for the node itself.</summary>
public static class JsonPath
{
    public static JsonNode? Select(JsonNode? node, string path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return node;
        }

        foreach (var part in path.Split('.'))
        {
            var name = part;
            var index = (int?)null;
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket >= 0 && part.EndsWith(']'))
            {
                name = part[..bracket];
                index = int.Parse(part[(bracket + 1)..^1], CultureInfo.InvariantCulture);
            }

            if (name.Length > 0)
            {
                node = node is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? child : null;
            }

            if (index is { } i)
            {
                node = node is JsonArray array && i >= 0 && i < array.Count ? array[i] : null;
            }

            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>Is the path well formed (names and [n] only)?</summary>
    public static bool IsValid(string path) =>
        path is "" or "$" || path.Split('.').All(part =>
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            return bracket < 0
                ? part.Length > 0
                : part.EndsWith(']') && int.TryParse(part[(bracket + 1)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out _);
        });
}
