namespace Middleware.Samples.Pbx;

/// <summary>One channel in the emulated PBX, with the state Asterisk reports in its channel blocks.</summary>
public sealed class PbxChannel(string name, string uniqueid, string linkedid, DateTimeOffset createdAt)
{
    public string Name { get; } = name;

    public string Uniqueid { get; } = uniqueid;

    public string Linkedid { get; set; } = linkedid;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public int State { get; set; }

    public string CallerIdNum { get; set; } = "<unknown>";

    public string CallerIdName { get; set; } = "<unknown>";

    public string ConnectedNum { get; set; } = "<unknown>";

    public string ConnectedName { get; set; } = "<unknown>";

    public string Context { get; set; } = "default";

    public string Exten { get; set; } = "s";

    public int Priority { get; set; } = 1;

    public string Application { get; set; } = "";

    public string AppData { get; set; } = "";

    public string? BridgeId { get; set; }

    public Dictionary<string, string> Variables { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static string StateDesc(int state) => state switch
    {
        0 => "Down",
        1 => "Rsrvd",
        2 => "OffHook",
        3 => "Dialing",
        4 => "Ring",
        5 => "Ringing",
        6 => "Up",
        7 => "Busy",
        _ => "Unknown",
    };

    /// <summary>The channel block Asterisk 13+ puts in every channel event, optionally prefixed ("Dest").</summary>
    public IEnumerable<KeyValuePair<string, string>> Block(string prefix = "")
    {
        yield return new(prefix + "Channel", Name);
        yield return new(prefix + "ChannelState", State.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new(prefix + "ChannelStateDesc", StateDesc(State));
        yield return new(prefix + "CallerIDNum", CallerIdNum);
        yield return new(prefix + "CallerIDName", CallerIdName);
        yield return new(prefix + "ConnectedLineNum", ConnectedNum);
        yield return new(prefix + "ConnectedLineName", ConnectedName);
        yield return new(prefix + "Language", "en");
        yield return new(prefix + "AccountCode", "");
        yield return new(prefix + "Context", Context);
        yield return new(prefix + "Exten", Exten);
        yield return new(prefix + "Priority", Priority.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new(prefix + "Uniqueid", Uniqueid);
        yield return new(prefix + "Linkedid", Linkedid);
    }
}
