using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Middleware.Core.Events;

/// <summary>Source-generated JSON for payloads: the journal, the CLI and the broker share this shape.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(CallCenterEvent))]
[JsonSerializable(typeof(WriteBackMode))]
internal sealed partial class EventJsonContext : JsonSerializerContext;

public static class EventJson
{
    public static string Serialize(CallCenterEvent payload) =>
        JsonSerializer.Serialize(payload, EventJsonContext.Default.CallCenterEvent);

    public static byte[] SerializeToUtf8(CallCenterEvent payload) =>
        JsonSerializer.SerializeToUtf8Bytes(payload, EventJsonContext.Default.CallCenterEvent);

    public static CallCenterEvent Deserialize(string json) =>
        JsonSerializer.Deserialize(json, EventJsonContext.Default.CallCenterEvent)
        ?? throw new JsonException("journal payload is null");

    public static CallCenterEvent Deserialize(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, EventJsonContext.Default.CallCenterEvent)
        ?? throw new JsonException("journal payload is null");

    public static JsonTypeInfo<CallCenterEvent> TypeInfo => EventJsonContext.Default.CallCenterEvent;
}
