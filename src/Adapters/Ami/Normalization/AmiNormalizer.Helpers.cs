using System.Globalization;
using Middleware.Adapters.Ami.Protocol;
using Middleware.Core.Events;

namespace Middleware.Adapters.Ami.Normalization;

public sealed partial class AmiNormalizer
{
    private void Emit(string? callId, CallCenterEvent payload, bool synthesized = false) =>
        _out.Add(new NormalizedEvent(callId is null ? null : _callIdPrefix + callId, payload, _at, synthesized, synthesized ? null : _message));

    /// <summary>
    /// The SIP Call-ID, when the PBX tells it: Asterisk adds `ChanVariable: NAME=value` to channel
    /// events for each entry of manager.conf's channelvars (SIPCALLID, CHANNEL(pjsip,call-id)…).
    /// It lets the SIP mirror's view of a call join this one exactly.
    /// </summary>
    private static string? SipCallIdOf(AmiMessage message)
    {
        for (var i = 0; i < message.Count; i++)
        {
            if (!message.KeyAt(i).StartsWith("ChanVariable", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var value = message.ValueAt(i);
            var eq = value.IndexOf('=');
            var name = eq > 0 ? value[..eq] : "";
            if (name.Equals("SIPCALLID", StringComparison.OrdinalIgnoreCase) || name.Contains("call-id", StringComparison.OrdinalIgnoreCase)
                || name.Contains("callid", StringComparison.OrdinalIgnoreCase))
            {
                return Blank(value[(eq + 1)..]);
            }
        }

        return null;
    }

    private AmiChannel? Channel() =>
        _message["Uniqueid"] is { } uid && _channels.TryGetValue(uid, out var channel) ? channel : null;

    private AmiCall? CallOf(AmiChannel? channel)
    {
        if (channel?.CallId is { } id && _calls.TryGetValue(id, out var call))
        {
            call.LastActivityAt = _heardAt;
            return call;
        }

        return null;
    }

    /// <summary>The call an event belongs to: its Linkedid, else its channel's call, else null.</summary>
    private string? CallIdOf(AmiMessage message)
    {
        if (message["Linkedid"] is { Length: > 0 } linked)
        {
            return linked;
        }

        var uid = message["Uniqueid"] ?? message["UniqueID"];
        return uid is not null && _channels.TryGetValue(uid, out var channel) ? channel.CallId : null;
    }

    private AmiCall? CallByLinkedid()
    {
        var id = CallIdOf(_message);
        if (id is not null && _calls.TryGetValue(id, out var call))
        {
            call.LastActivityAt = _heardAt;
            return call;
        }

        return null;
    }

    private CallDirection Direction(string? context, string? exten)
    {
        if (context is not null && _inboundContexts.Contains(context))
        {
            return CallDirection.Inbound;
        }

        if (exten is null || exten == "s")
        {
            return CallDirection.Unknown;
        }

        return exten.Count(char.IsAsciiDigit) >= 7 ? CallDirection.Outbound : CallDirection.Internal;
    }

    private List<SourceField> Fields() => _message.Fields.Select(f => new SourceField(f.Key, f.Value)).ToList();

    private int? Int(string key) =>
        int.TryParse(_message[key], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private double? Double(string key) =>
        double.TryParse(_message[key], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private bool? Flag(string key) => _message[key] is { } v
        ? v is "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("yes", StringComparison.OrdinalIgnoreCase)
        : null;

    /// <summary>AMI uses "" and "&lt;unknown&gt;" for "no value".</summary>
    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) || value == "<unknown>" ? null : value;

    /// <summary>The PBX's own time stamp (timestampevents=yes), in Unix seconds with microseconds.</summary>
    private static DateTimeOffset? Timestamp(AmiMessage message)
    {
        if (message["Timestamp"] is not { } text || !decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }

        var ticks = (long)(seconds * TimeSpan.TicksPerSecond);
        return DateTimeOffset.UnixEpoch.AddTicks(ticks);
    }
}
