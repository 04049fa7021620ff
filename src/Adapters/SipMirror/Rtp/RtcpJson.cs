using System.Text.Json;

namespace Middleware.Adapters.SipMirror.Rtp;

/// <summary>
/// RTCP reports as HEP agents send them in JSON (HEP payload type 5: Asterisk res_hep_rtcp,
/// rtpengine, rtpproxy, FreeSWITCH): <c>{"ssrc":…,"type":200|201,"report_blocks":[{"source_ssrc":…,
/// "fraction_lost":…,"packets_lost":…,"ia_jitter":…,…}],…}</c>. Numbers may come as strings.
/// </summary>
public static class RtcpJson
{
    /// <summary>The report blocks; null (with the reason) when it is not such a report.</summary>
    public static List<RtcpReport>? Parse(ReadOnlySpan<byte> json, out RtcpJsonError? error)
    {
        error = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("report_blocks", out var blocks) || blocks.ValueKind != JsonValueKind.Array)
            {
                error = new(RtcpJsonProblem.NoReportBlocks, "JSON RTCP without report_blocks");
                return null;
            }

            var reporter = (uint)Number(root, "ssrc");
            var reports = new List<RtcpReport>(blocks.GetArrayLength());
            foreach (var block in blocks.EnumerateArray())
            {
                // fraction_lost is the RFC 3550 8-bit fixed point (lost/256) as an integer; a few agents send the fraction itself.
                var fraction = block.TryGetProperty("fraction_lost", out var f) && f.ValueKind == JsonValueKind.Number
                    ? (f.TryGetInt32(out var eighths) ? eighths / 256.0 : f.GetDouble())
                    : 0;
                reports.Add(new RtcpReport(reporter, (uint)Number(block, "source_ssrc"), Math.Clamp(fraction, 0, 1), (int)Number(block, "packets_lost"), (uint)Math.Max(0, Number(block, "ia_jitter"))));
            }

            return reports;
        }
        catch (JsonException ex)
        {
            error = new(RtcpJsonProblem.NotJson, $"JSON RTCP is not valid JSON: {ex.Message}");
            return null;
        }
    }

    private static long Number(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? 0
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n
        : value.ValueKind == JsonValueKind.Number ? (long)value.GetDouble()
        : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), out var s) ? s
        : 0;
}

public enum RtcpJsonProblem
{
    /// <summary>JSON, but not an RTCP report (no report_blocks array).</summary>
    NoReportBlocks,

    NotJson,
}

/// <summary>Why a HEP agent's JSON RTCP could not be read: the kind, and the whole story for people.</summary>
public sealed record RtcpJsonError(RtcpJsonProblem Problem, string Message)
{
    public string Label => Problem == RtcpJsonProblem.NotJson ? "not JSON" : "no report_blocks";

    public override string ToString() => Message;
}
