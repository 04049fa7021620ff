using System.Text.Json;
using System.Text.Json.Nodes;

namespace Middleware.Adapters.Stomp.Publishing;

/// <summary>
/// The broker message for one journaled event: schema middleware.event/v1 (see docs/broker-messages.md).
/// Headers carry what consumers route and deduplicate on without parsing the body.
/// </summary>
public static class BrokerMessage
{
    public const string Schema = "middleware.event/v1";

    public static byte[] Body(EventEnvelope e, long position)
    {
        var message = new JsonObject
        {
            ["schema"] = Schema,
            ["id"] = e.Id.ToString(),
            ["position"] = position,
            ["kind"] = e.Kind,
            ["callId"] = e.CallId,
            ["source"] = e.Source,
            ["occurredAt"] = e.OccurredAt,
            ["receivedAt"] = e.ReceivedAt,
            ["synthesized"] = e.Synthesized,
            ["causedBy"] = e.CausedBy?.ToString(),
            ["payload"] = JsonNode.Parse(EventJson.Serialize(e.Payload)),
        };
        return JsonSerializer.SerializeToUtf8Bytes(message);
    }

    public static List<KeyValuePair<string, string>> Headers(EventEnvelope e, long position)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("persistent", "true"),
            new("content-type", "application/json;charset=utf-8"),
            new("mw-message-id", e.Id.ToString()),
            new("mw-schema", Schema),
            new("mw-kind", e.Kind),
            new("mw-position", position.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (e.CallId is { } call)
        {
            headers.Add(new("mw-call-id", call));
            headers.Add(new("JMSXGroupID", call)); // one call's messages go to one consumer, in order
        }

        return headers;
    }

    /// <summary>The decisions queue carries every decision, and mode switches too: a worker acting on decisions must know the mode changed.</summary>
    public static bool ForDecisionsQueue(CallCenterEvent payload) =>
        payload.IsDecision || payload is WriteBackModeChanged;
}
