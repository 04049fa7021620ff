using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Middleware.Host.Http;

/// <summary>The API's JSON: camelCase, enums as strings, readable Chinese.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        return options;
    }

    /// <summary>One event for timelines and the live stream: the facts, a readable line, and the payload.</summary>
    public static EventView View(EventEnvelope e, long? position = null) => new(
        position, e.Id.ToString(), e.Kind, e.CallId, e.OccurredAt, e.ReceivedAt, e.Source, e.Synthesized,
        e.Payload.IsDerived, TimelinePrinter.Describe(e), e.Payload.IsDecision, JsonDocument.Parse(EventJson.Serialize(e.Payload)).RootElement);
}

public sealed record EventView(long? Position, string Id, string Kind, string? CallId, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt,
    string Source, bool Synthesized, bool Derived, string Text, bool Decision, JsonElement Payload);
