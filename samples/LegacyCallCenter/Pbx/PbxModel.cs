using System.Globalization;
using Middleware.Samples.Ami;

namespace Middleware.Samples.Pbx;

/// <summary>
/// The emulated PBX's truth: channels, bridges and queues, changed only through methods that emit
/// the AMI events Asterisk 18 emits for the same change, in the same order and shape. All methods
/// are thread-safe (scenario tasks and AMI actions run concurrently).
/// </summary>
public sealed partial class PbxModel
{
    private readonly Dictionary<string, PbxChannel> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PbxChannel>> _bridges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PbxQueue> _queues = new(StringComparer.Ordinal);
    private readonly Action<string> _emit;
    private readonly long _epoch;
    private int _channelCounter;
    private int _uniqueCounter;

    public PbxModel(ScaledClock clock, Action<string> emit)
    {
        Clock = clock;
        _emit = emit;
        _epoch = clock.GetUtcNow().ToUnixTimeSeconds();
    }

    public ScaledClock Clock { get; }

    /// <summary>The customers behind the trunk, for the calls Originate places to them.</summary>
    public PstnLines Pstn { get; set; } = new();

    /// <summary>Held while changing or reading the model.</summary>
    public Lock Sync { get; } = new();

    public IReadOnlyList<PbxChannel> Channels
    {
        get
        {
            lock (Sync)
            {
                return _channels.Values.ToList();
            }
        }
    }

    public PbxQueue Queue(string name)
    {
        lock (Sync)
        {
            if (!_queues.TryGetValue(name, out var queue))
            {
                _queues[name] = queue = new PbxQueue(name);
            }

            return queue;
        }
    }

    public IReadOnlyList<PbxQueue> Queues
    {
        get
        {
            lock (Sync)
            {
                return _queues.Values.ToList();
            }
        }
    }

    public PbxChannel? FindChannel(string name)
    {
        lock (Sync)
        {
            return _channels.Values.FirstOrDefault(c => c.Name == name);
        }
    }

    /// <summary>Forgets every channel (a restart): nothing is emitted, as a crashed PBX tells no one.</summary>
    public void Reset()
    {
        lock (Sync)
        {
            _channels.Clear();
            _bridges.Clear();
            foreach (var q in _queues.Values)
            {
                q.Entries.Clear();
                foreach (var m in q.Members)
                {
                    m.Status = 1;
                    m.InCall = false;
                }
            }
        }
    }

    private string Now() => (Clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0).ToString("0.000000", CultureInfo.InvariantCulture);

    private AmiWire Event(string name, string privilege = "call,all") => AmiWire.Event(name, privilege).Add("Timestamp", Now());

    private void Emit(AmiWire wire) => _emit(wire.Text);

    public PbxChannel NewChannel(string tech, string peer, string callerNum, string callerName, string context, string exten, int state, string? linkedid = null, string? uniqueid = null)
    {
        lock (Sync)
        {
            var uid = uniqueid ?? $"{_epoch}.{++_uniqueCounter}";
            var channel = new PbxChannel($"{tech}/{peer}-{++_channelCounter:x8}", uid, linkedid ?? uid, Clock.GetUtcNow())
            {
                State = state,
                CallerIdNum = callerNum,
                CallerIdName = callerName,
                Context = context,
                Exten = exten,
            };
            _channels[uid] = channel;
            Emit(Event("Newchannel").AddAll(channel.Block()));
            return channel;
        }
    }

    public void SetState(PbxChannel channel, int state)
    {
        lock (Sync)
        {
            channel.State = state;
            Emit(Event("Newstate").AddAll(channel.Block()));
        }
    }

    public void NewExten(PbxChannel channel, string application, string appData)
    {
        lock (Sync)
        {
            channel.Application = application;
            channel.AppData = appData;
            Emit(Event("Newexten", "dialplan,all").AddAll(channel.Block()).Add("Extension", channel.Exten).Add("Application", application).Add("AppData", appData));
            channel.Priority++;
        }
    }

    public void SetVariable(PbxChannel channel, string variable, string value)
    {
        lock (Sync)
        {
            channel.Variables[variable] = value;
            Emit(Event("VarSet", "dialplan,all").AddAll(channel.Block()).Add("Variable", variable).Add("Value", value));
        }
    }

    public void SetCallerId(PbxChannel channel, string number, string name)
    {
        lock (Sync)
        {
            channel.CallerIdNum = number;
            channel.CallerIdName = name;
            Emit(Event("NewCallerid").AddAll(channel.Block()).Add("CID-CallingPres", "0 (Presentation Allowed, Not Screened)"));
        }
    }

    public void SetConnectedLine(PbxChannel channel, string number, string name)
    {
        lock (Sync)
        {
            channel.ConnectedNum = number;
            channel.ConnectedName = name;
            Emit(Event("NewConnectedLine").AddAll(channel.Block()));
        }
    }

    /// <summary>
    /// The callee answered: the caller's connected line becomes the callee's identity (its phone's
    /// number and name, from the 200 OK), reported as NewConnectedLine on the caller's channel
    /// (main/manager_channels.c channel_new_connected_line_cb); the callee's connected line is the
    /// caller since it was dialled.
    /// </summary>
    public void Connect(PbxChannel caller, PbxChannel callee, string calleeNumber, string calleeName)
    {
        lock (Sync)
        {
            caller.ConnectedNum = calleeNumber;
            caller.ConnectedName = calleeName;
            callee.ConnectedNum = caller.CallerIdNum;
            callee.ConnectedName = caller.CallerIdName;
            Emit(Event("NewConnectedLine").AddAll(caller.Block()));
        }
    }

    public void DialBegin(PbxChannel caller, PbxChannel dest, string dialString)
    {
        lock (Sync)
        {
            Emit(Event("DialBegin").AddAll(caller.Block()).AddAll(dest.Block("Dest")).Add("DialString", dialString));
        }
    }

    public void DialEnd(PbxChannel caller, PbxChannel dest, string status)
    {
        lock (Sync)
        {
            Emit(Event("DialEnd").AddAll(caller.Block()).AddAll(dest.Block("Dest")).Add("DialStatus", status));
        }
    }

    public string Bridge(params PbxChannel[] channels)
    {
        lock (Sync)
        {
            var id = Guid.NewGuid().ToString();
            _bridges[id] = [];
            Emit(Event("BridgeCreate").AddAll(BridgeBlock(id)));
            foreach (var channel in channels)
            {
                _bridges[id].Add(channel);
                channel.BridgeId = id;
                Emit(Event("BridgeEnter").AddAll(BridgeBlock(id)).AddAll(channel.Block()));
            }

            return id;
        }
    }

    public void LeaveBridge(PbxChannel channel)
    {
        lock (Sync)
        {
            if (channel.BridgeId is not { } id || !_bridges.TryGetValue(id, out var members))
            {
                return;
            }

            members.Remove(channel);
            channel.BridgeId = null;
            Emit(Event("BridgeLeave").AddAll(BridgeBlock(id)).AddAll(channel.Block()));
            if (members.Count == 0)
            {
                _bridges.Remove(id);
                Emit(Event("BridgeDestroy").AddAll(BridgeBlock(id)));
            }
        }
    }

    private IEnumerable<KeyValuePair<string, string>> BridgeBlock(string id)
    {
        yield return new("BridgeUniqueid", id);
        yield return new("BridgeType", "basic");
        yield return new("BridgeTechnology", "simple_bridge");
        yield return new("BridgeCreator", "<unknown>");
        yield return new("BridgeName", "<unknown>");
        yield return new("BridgeNumChannels", (_bridges.TryGetValue(id, out var m) ? m.Count : 0).ToString(CultureInfo.InvariantCulture));
        yield return new("BridgeVideoSourceMode", "none");
    }

    /// <summary>
    /// A party puts the call on hold from its phone (a re-INVITE with a=sendonly): Asterisk raises
    /// Hold on that party's channel (main/stasis_channels.c, ast_channel_hold_type via
    /// channel_hold_cb in main/manager_channels.c), and the bridge plays music to the others, so
    /// MusicOnHoldStart is on the held peer's channel (res/res_musiconhold.c, local_ast_moh_start).
    /// Unhold stops the music first (the bridge's unhold control reaches the peer's moh_stop) and
    /// then reports Unhold on the party that pressed it.
    /// </summary>
    public void Hold(PbxChannel holder, PbxChannel held, bool on)
    {
        lock (Sync)
        {
            if (on)
            {
                Emit(Event("Hold").AddAll(holder.Block()).Add("MusicClass", "default"));
                MusicOnHold(held, true);
            }
            else
            {
                MusicOnHold(held, false);
                Emit(Event("Unhold").AddAll(holder.Block()));
            }
        }
    }

    /// <summary>res_musiconhold's own events: on a held bridged party, or on a caller waiting in a queue (app_queue starts the queue's class).</summary>
    public void MusicOnHold(PbxChannel channel, bool on, string mohClass = "default")
    {
        lock (Sync)
        {
            Emit(on ? Event("MusicOnHoldStart").AddAll(channel.Block()).Add("Class", mohClass) : Event("MusicOnHoldStop").AddAll(channel.Block()));
        }
    }

    /// <summary>
    /// A digit pressed on <paramref name="channel"/>'s phone. Asterisk publishes DTMFBegin/DTMFEnd
    /// for every channel the digit crosses (main/channel.c send_dtmf_begin_event and
    /// send_dtmf_end_event; main/manager_channels.c channel_dtmf_begin_cb/channel_dtmf_end_cb):
    /// Direction Received on the channel it was read from, Sent on each bridged peer it is written
    /// to. A Local channel pair repeats it again (Sent on ;1, Received on ;2).
    /// </summary>
    public void Dtmf(PbxChannel channel, char digit, int durationMs = 120)
    {
        lock (Sync)
        {
            var peers = BridgePeers(channel);
            Emit(Event("DTMFBegin", "dtmf,all").AddAll(channel.Block()).Add("Digit", digit.ToString()).Add("Direction", "Received"));
            foreach (var peer in peers)
            {
                Emit(Event("DTMFBegin", "dtmf,all").AddAll(peer.Block()).Add("Digit", digit.ToString()).Add("Direction", "Sent"));
            }

            Emit(Event("DTMFEnd", "dtmf,all").AddAll(channel.Block()).Add("Digit", digit.ToString()).Add("DurationMs", durationMs.ToString(CultureInfo.InvariantCulture)).Add("Direction", "Received"));
            foreach (var peer in peers)
            {
                Emit(Event("DTMFEnd", "dtmf,all").AddAll(peer.Block()).Add("Digit", digit.ToString()).Add("DurationMs", durationMs.ToString(CultureInfo.InvariantCulture)).Add("Direction", "Sent"));
            }
        }
    }

    private List<PbxChannel> BridgePeers(PbxChannel channel) =>
        channel.BridgeId is { } id && _bridges.TryGetValue(id, out var members) ? members.Where(m => m != channel).ToList() : [];

    public void BlindTransfer(PbxChannel transferer, PbxChannel transferee, string context, string exten)
    {
        lock (Sync)
        {
            Emit(Event("BlindTransfer").Add("Result", "Success").AddAll(transferer.Block("Transferer")).AddAll(transferee.Block("Transferee"))
                .Add("IsExternal", "No").Add("Context", context).Add("Extension", exten));
        }
    }

    /// <summary>The party asked to end the call (a BYE from its phone).</summary>
    public void HangupRequest(PbxChannel channel, int cause = 16)
    {
        lock (Sync)
        {
            Emit(Event("HangupRequest").AddAll(channel.Block()).Add("Cause", cause.ToString(CultureInfo.InvariantCulture)));
        }
    }

    public void Hangup(PbxChannel channel, int cause, string causeText)
    {
        lock (Sync)
        {
            if (!_channels.Remove(channel.Uniqueid))
            {
                return;
            }

            LeaveBridge(channel);
            Emit(Event("Hangup").AddAll(channel.Block()).Add("Cause", cause.ToString(CultureInfo.InvariantCulture)).Add("Cause-txt", causeText));
        }
    }

    public void UserEvent(string name, PbxChannel? channel, params (string Key, string Value)[] fields)
    {
        lock (Sync)
        {
            var wire = Event("UserEvent", "user,all");
            if (channel is not null)
            {
                wire.AddAll(channel.Block());
            }

            wire.Add("UserEvent", name);
            foreach (var (k, v) in fields)
            {
                wire.Add(k, v);
            }

            Emit(wire);
        }
    }

    /// <summary>Emits any event as given (scripts and fault tests).</summary>
    public void Raw(string text) => _emit(text);
}
