using Middleware.Adapters.Ami.Protocol;

namespace Middleware.Adapters.Ami.Normalization;

/// <summary>Typed reads of AMI header values, with AMI's own spellings of "no value" and booleans.</summary>
internal static class AmiFieldValues
{
    public static int? Int(this AmiMessage message, string key) =>
        int.TryParse(message[key], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static double? Double(this AmiMessage message, string key) =>
        double.TryParse(message[key], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>Asterisk writes booleans as 1/0, true/false or yes/no depending on the module.</summary>
    public static bool? Flag(this AmiMessage message, string key) => message[key] is { } v
        ? v is "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("yes", StringComparison.OrdinalIgnoreCase)
        : null;

    /// <summary>AMI uses "" and "&lt;unknown&gt;" for "no value".</summary>
    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) || value == "<unknown>" ? null : value;

    /// <summary>Every header, in order, for an <see cref="Unmapped"/> event that keeps the message whole.</summary>
    public static List<SourceField> SourceFields(this AmiMessage message) => message.Fields.Select(f => new SourceField(f.Key, f.Value)).ToList();

    /// <summary>The PBX's own time stamp (timestampevents=yes), in Unix seconds with microseconds.</summary>
    public static DateTimeOffset? Timestamp(this AmiMessage message)
    {
        if (message["Timestamp"] is not { } text || !decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }

        var ticks = (long)(seconds * TimeSpan.TicksPerSecond);
        return DateTimeOffset.UnixEpoch.AddTicks(ticks);
    }

    /// <summary>
    /// The SIP Call-ID, when the PBX tells it: Asterisk adds `ChanVariable: NAME=value` to channel
    /// events for each entry of manager.conf's channelvars (SIPCALLID, CHANNEL(pjsip,call-id)…).
    /// It lets the SIP mirror's view of a call join this one exactly.
    /// </summary>
    public static string? SipCallId(this AmiMessage message)
    {
        if (message.Is("Event", "VarSet") && message["Variable"] is { } variable && IsSipCallIdName(variable))
        {
            return Blank(message["Value"]);
        }

        for (var i = 0; i < message.Count; i++)
        {
            if (!message.KeyAt(i).StartsWith("ChanVariable", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var value = message.ValueAt(i);
            var eq = value.IndexOf('=');
            if (eq > 0 && IsSipCallIdName(value[..eq]))
            {
                return Blank(value[(eq + 1)..]);
            }
        }

        return null;
    }

    private static bool IsSipCallIdName(string name) =>
        name.Equals("SIPCALLID", StringComparison.OrdinalIgnoreCase) || name.Contains("call-id", StringComparison.OrdinalIgnoreCase)
        || name.Contains("callid", StringComparison.OrdinalIgnoreCase);

    /// <summary>The endpoint in a channel name (PJSIP/1001-0000002a → 1001): who a leg's phone is, whatever caller id it shows.</summary>
    public static string? PeerOf(string channel)
    {
        var slash = channel.IndexOf('/', StringComparison.Ordinal);
        var dash = channel.LastIndexOf('-');
        return slash > 0 && dash > slash + 1 ? channel[(slash + 1)..dash] : null;
    }

    /// <summary>The queue member's stable key: its interface (PJSIP/1001, Local/1001@agents), as Asterisk names it.</summary>
    public static string AgentInterface(this AmiMessage message) =>
        message["Interface"] ?? message["Location"] ?? message["AgentCalled"] ?? message["Member"] ?? message["MemberName"] ?? "unknown";
}
