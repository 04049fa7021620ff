using System.Text.Json;
using System.Text.Json.Nodes;

namespace Middleware.Host.Output;

/// <summary>
/// One event as one JSON line: kind, callId, occurredAt, source, then the payload's fields. The
/// shape shared by every replay verb and the tail, so tools can diff their outputs.
/// </summary>
public static class EventJsonLine
{
    public static string Format(EventEnvelope e)
    {
        var line = new JsonObject
        {
            ["kind"] = e.Kind,
            ["callId"] = e.CallId,
            ["occurredAt"] = e.OccurredAt.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture),
            ["source"] = e.Source,
        };
        if (e.Synthesized)
        {
            line["synthesized"] = true;
        }

        if (JsonNode.Parse(EventJson.Serialize(e.Payload)) is JsonObject payload)
        {
            foreach (var (key, value) in payload.ToList())
            {
                if (key != "kind")
                {
                    payload.Remove(key);
                    line[key] = value;
                }
            }
        }

        if (e.Payload is TranscriptSegment t)
        {
            // The names transcript consumers read (issue 11): start/end seconds into the call, final or partial.
            line["start"] = t.StartSeconds;
            line["end"] = t.EndSeconds;
            line["final"] = t.IsFinal;
        }

        return line.ToJsonString(Options);
    }

    private static readonly JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
