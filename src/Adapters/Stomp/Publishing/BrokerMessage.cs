using System.Text.Json;
using System.Text.Json.Nodes;
using Middleware.Core.Events;

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

    public static bool IsDecision(CallCenterEvent payload) =>
        payload is RoutingHint or TicketDraft or QaFinding or WriteBackRequested or WriteBackCompleted or WriteBackFailed or WriteBackSkipped or WriteBackModeChanged;
}
