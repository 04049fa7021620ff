using System.Collections.Frozen;

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

    private const int Slots = 2048; // power of two, a few times the keys ever seen
    private static readonly Entry[] Template = BuildTemplate();
    private readonly Entry[] _table = (Entry[])Template.Clone();
    private int _count = Known.Count;

    private readonly record struct Entry(byte[] Bytes, string Text);

    private static Entry[] BuildTemplate()
    {
        var table = new Entry[Slots];
        foreach (var key in Known.Keys)
        {
            var bytes = Encoding.ASCII.GetBytes(key);
            var slot = Hash(bytes) & (Slots - 1);
            while (table[slot].Bytes is not null)
            {
                slot = (slot + 1) & (Slots - 1);
            }

            table[slot] = new Entry(bytes, key);
        }

        return table;
    }

    /// <summary>The string for this key; every key seen before (and every known one) costs no allocation.</summary>
    public string Intern(ReadOnlySpan<byte> key)
    {
        if (key.Length > 64)
        {
            return Encoding.UTF8.GetString(key);
        }

        var slot = Hash(key) & (Slots - 1);
        for (var probe = 0; probe < 16; probe++, slot = (slot + 1) & (Slots - 1))
        {
            var entry = _table[slot];
            if (entry.Bytes is null)
            {
                var text = Encoding.UTF8.GetString(key);
                if (_count < MaxCached)
                {
                    _table[slot] = new Entry(key.ToArray(), text);
                    _count++;
                }

                return text;
            }

            if (key.SequenceEqual(entry.Bytes))
            {
                return entry.Text;
            }
        }

        return Encoding.UTF8.GetString(key);
    }

    /// <summary>Cheap and good enough for short ASCII keys: length, first and last bytes, and the middle one.</summary>
    private static int Hash(ReadOnlySpan<byte> key) =>
        key.Length == 0 ? 0 : (int)((uint)(key.Length * 0x9E3779B1) ^ (key[0] * 0x85EBCA77u) ^ (key[^1] * 0xC2B2AE3Du) ^ (key[key.Length / 2] * 0x27D4EB2Fu) ^ (key.Length > 2 ? key[1] * 0x165667B1u : 0u));
}
