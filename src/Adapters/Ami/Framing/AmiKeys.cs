using System.Collections.Frozen;
using System.Text;

namespace Middleware.Adapters.Ami.Framing;

/// <summary>
/// Interns AMI keys so parsing a message allocates no string per key: the keys Asterisk sends are
/// a small fixed set, looked up from the raw bytes without decoding to a new string.
/// </summary>
internal sealed class AmiKeys
{
    private const int MaxCached = 2048;

    private static readonly FrozenDictionary<string, string> Known = new[]
    {
        "Event", "Response", "ActionID", "Message", "Privilege", "EventList", "ListItems", "Timestamp", "SystemName",
        "Channel", "ChannelState", "ChannelStateDesc", "CallerIDNum", "CallerIDName", "ConnectedLineNum", "ConnectedLineName",
        "Language", "AccountCode", "Context", "Exten", "Priority", "Uniqueid", "Linkedid", "Application", "AppData",
        "Variable", "Value", "ChanVariable", "Cause", "Cause-txt", "DialStatus", "DialString", "Forward",
        "DestChannel", "DestChannelState", "DestChannelStateDesc", "DestCallerIDNum", "DestCallerIDName",
        "DestConnectedLineNum", "DestConnectedLineName", "DestLanguage", "DestAccountCode", "DestContext", "DestExten",
        "DestPriority", "DestUniqueid", "DestLinkedid", "BridgeUniqueid", "BridgeType", "BridgeTechnology", "BridgeCreator",
        "BridgeName", "BridgeNumChannels", "BridgeVideoSourceMode", "SwapUniqueid", "Queue", "Position", "Count", "Interface",
        "MemberName", "StateInterface", "Membership", "Penalty", "CallsTaken", "LastCall", "LastPause", "LoginTime", "InCall",
        "Status", "Paused", "PausedReason", "Ringinuse", "Wrapuptime", "HoldTime", "RingTime", "TalkTime", "Reason",
        "OriginalPosition", "Digit", "Direction", "DurationMs", "MusicClass", "Result", "Extension", "IsExternal",
        "TransfererChannel", "TransfereeChannel", "Duration", "Output", "Uptime", "LastReload", "Shutdown", "Restart",
        "Module", "UserEvent", "Challenge", "Ping", "Max", "Strategy", "Calls", "Holdtime", "Talktime", "Completed",
        "Abandoned", "ServiceLevel", "ServicelevelPerf", "ServicelevelPerf2", "Weight", "LoggedIn", "Available", "Callers",
        "LongestHoldTime", "Wait", "BridgeId", "Local", "Source", "Destination", "DestinationContext", "CallerID",
        "DestinationChannel", "LastApplication", "LastData", "StartTime", "AnswerTime", "EndTime", "BillableSeconds",
        "Disposition", "AMAFlags", "UniqueID", "UserField", "EventName", "EventTime", "Peer", "PeerStatus", "Address",
    }.ToFrozenDictionary(k => k, k => k, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> KnownLookup =
        Known.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly Dictionary<string, string> _seen = new(StringComparer.Ordinal);

    /// <summary>The string for this key; known and recently seen keys cost no allocation.</summary>
    public string Intern(ReadOnlySpan<byte> key)
    {
        if (key.Length <= 64 && Ascii.IsValid(key))
        {
            Span<char> chars = stackalloc char[key.Length];
            Ascii.ToUtf16(key, chars, out _);
            if (KnownLookup.TryGetValue(chars, out var known))
            {
                return known;
            }

            var seen = _seen.GetAlternateLookup<ReadOnlySpan<char>>();
            if (seen.TryGetValue(chars, out var cached))
            {
                return cached;
            }

            var text = new string(chars);
            if (_seen.Count < MaxCached)
            {
                _seen[text] = text;
            }

            return text;
        }

        return Encoding.UTF8.GetString(key);
    }
}
