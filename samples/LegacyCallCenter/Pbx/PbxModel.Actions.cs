using System.Globalization;
using Middleware.Adapters.Ami.Protocol;
using Middleware.Samples.Ami;

namespace Middleware.Samples.Pbx;

// Actions that change the PBX, answered as Asterisk answers them.
public sealed partial class PbxModel
{
    public bool IsAlive(PbxChannel channel)
    {
        lock (Sync)
        {
            return _channels.ContainsKey(channel.Uniqueid);
        }
    }

    public AmiWire Execute(string name, AmiMessage a, Action<string> broadcast)
    {
        var id = a.ActionId;
        AmiWire Ok(string message) => AmiWire.Response("Success", id).Add("Message", message);
        AmiWire Error(string message) => AmiWire.Response("Error", id).Add("Message", message);
        var channel = a["Channel"] is { } n ? FindChannel(n) : null;

        switch (name.ToLowerInvariant())
        {
            case "setvar":
                if (a["Variable"] is not { } variable)
                {
                    return Error("No variable specified");
                }

                if (a["Channel"] is not null && channel is null)
                {
                    return Error("No such channel");
                }

                if (channel is not null)
                {
                    SetVariable(channel, variable, a["Value"] ?? "");
                }

                return Ok("Variable Set");
            case "getvar":
                if (channel is null)
                {
                    return Error("No such channel");
                }

                return AmiWire.Response("Success", id).Add("Variable", a["Variable"]).Add("Value", channel.Variables.GetValueOrDefault(a["Variable"] ?? "", ""));
            case "redirect":
                if (channel is null)
                {
                    return Error("Channel specified does not exist");
                }

                lock (Sync)
                {
                    channel.Context = a["Context"] ?? channel.Context;
                    channel.Exten = a["Exten"] ?? channel.Exten;
                    channel.Priority = 1;
                }

                NewExten(channel, "Goto", $"{channel.Context},{channel.Exten},1");
                return Ok("Redirect successful");
            case "hangup":
                if (channel is null)
                {
                    return Error("No such channel");
                }

                foreach (var c in Channels.Where(c => c.Linkedid == channel.Linkedid))
                {
                    Hangup(c, 16, "Normal Clearing");
                }

                return Ok("Channel Hungup");
            case "playdtmf":
                if (channel is null)
                {
                    return Error("No such channel");
                }

                return Ok("DTMF successfully queued");
            case "queueadd":
                if (a["Queue"] is not { } addQueue || a["Interface"] is not { } addIface)
                {
                    return Error("'Queue' or 'Interface' not set.");
                }

                if (Queue(addQueue).Member(addIface) is not null)
                {
                    return Error("Unable to add interface: Already there");
                }

                AddMember(addQueue, addIface, a["MemberName"] ?? addIface, int.TryParse(a["Penalty"], CultureInfo.InvariantCulture, out var p) ? p : 0);
                return Ok("Added interface to queue");
            case "queueremove":
                return a["Queue"] is { } q && a["Interface"] is { } iface && RemoveMember(q, iface)
                    ? Ok("Removed interface from queue")
                    : Error("Unable to remove interface: Not there");
            case "queuepause":
                var paused = a["Paused"] is { } v && (v == "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase));
                return a["Interface"] is { } pauseIface && PauseMember(a["Queue"], pauseIface, paused, a["Reason"] ?? "")
                    ? Ok(paused ? "Interface paused successfully" : "Interface unpaused successfully")
                    : Error("Interface not found");
            case "queuepenalty":
                return a["Interface"] is { } penaltyIface && int.TryParse(a["Penalty"], CultureInfo.InvariantCulture, out var penalty) && SetPenalty(a["Queue"], penaltyIface, penalty)
                    ? Ok("Interface penalty set successfully")
                    : Error("Invalid interface, queuename or penalty");
            case "queuechangeprioritycaller":
                if (a["Queue"] is not { } prioQueue || a["Caller"] is not { } prioCaller || !int.TryParse(a["Priority"], CultureInfo.InvariantCulture, out var prio))
                {
                    return Error("'Queue', 'Caller' or 'Priority' not set.");
                }

                return ChangeCallerPriority(prioQueue, prioCaller, prio, a["Immediate"] is { } im && (im == "1" || im.Equals("yes", StringComparison.OrdinalIgnoreCase) || im.Equals("true", StringComparison.OrdinalIgnoreCase))) is { } refused
                    ? Error(refused)
                    : Ok("Priority change for caller on queue");
            case "userevent":
                if (a["UserEvent"] is not { } userEvent)
                {
                    return Error("UserEvent header missing");
                }

                UserEvent(userEvent, null, a.Fields.Where(f => f.Key is not ("Action" or "ActionID" or "UserEvent")).Select(f => (f.Key, f.Value)).ToArray());
                return Ok("Event Sent");
            case "command":
                var output = AmiWire.Response("Success", id).Add("Message", "Command output follows");
                foreach (var line in Command(a["Command"] ?? ""))
                {
                    output.Add("Output", line);
                }

                return output;
            case "originate":
                return Originate(a, broadcast);
            default:
                return Error($"Invalid/unknown command: {name}. Use Action: ListCommands to show available commands.");
        }
    }

    private IEnumerable<string> Command(string command) => command.Trim() switch
    {
        "core show uptime" => ["System uptime: 1 hour, 2 minutes, 3 seconds", "Last reload: 1 hour, 2 minutes, 3 seconds"],
        "core show channels count" => [$"{Channels.Count} active channels", $"{Channels.Select(c => c.Linkedid).Distinct().Count()} active calls"],
        _ => [$"No such command '{command}' (type 'core show help {command}' for other possible commands)"],
    };

    /// <summary>An Originate's CallerID: "Name &lt;number&gt;" or a bare number.</summary>
    private static (string? Number, string? Name) CallerId(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return (null, null);
        }

        var open = value.IndexOf('<', StringComparison.Ordinal);
        var close = value.IndexOf('>', StringComparison.Ordinal);
        return open >= 0 && close > open
            ? (value[(open + 1)..close].Trim(), value[..open].Trim().Trim('"') is { Length: > 0 } name ? name : null)
            : (value.Trim(), null);
    }

    private AmiWire Originate(AmiMessage a, Action<string> broadcast)
    {
        var id = a.ActionId;
        var target = a["Channel"];
        if (target is null || (a["Exten"] is null && a["Application"] is null))
        {
            return AmiWire.Response("Error", id).Add("Message", "Channel not specified");
        }

        _ = Task.Run(async () =>
        {
            var slash = target.IndexOf('/', StringComparison.Ordinal);
            var reachable = slash > 0 && target[..slash] is "PJSIP" or "SIP" or "Local" or "IAX2";
            await Clock.Wait(TimeSpan.FromSeconds(2));
            if (!reachable)
            {
                broadcast(Event("OriginateResponse").Add("ActionID", id).Add("Response", "Failure").Add("Channel", target)
                    .Add("Context", a["Context"]).Add("Exten", a["Exten"]).Add("Reason", "0").Add("Uniqueid", "<null>")
                    .Add("CallerIDNum", "<unknown>").Add("CallerIDName", "<unknown>").Text);
                return;
            }

            // As Asterisk 22 places it (main/manager.c action_originate → ast_pbx_outgoing_exten →
            // __ast_request_and_dial): the channel is requested Down in context "default", exten "s",
            // with no caller id; the action's CallerID is set on it after (NewCallerid) and as its
            // connected line (NewConnectedLine); once it answers the dialplan starts at the
            // action's Context/Exten (Newexten), then the OriginateResponse goes out.
            var (cidNum, cidName) = CallerId(a["CallerID"]);
            var leg = NewChannel(target[..slash], target[(slash + 1)..], "<unknown>", "<unknown>", "default", "s", 0);
            if (cidNum is not null)
            {
                SetCallerId(leg, cidNum, cidName ?? "<unknown>");
                SetConnectedLine(leg, cidNum, cidName ?? "<unknown>");
            }

            SetState(leg, 5);
            await Clock.Wait(TimeSpan.FromSeconds(3));
            SetState(leg, 6);
            if (a["Exten"] is { } exten)
            {
                lock (Sync)
                {
                    leg.Context = a["Context"] ?? "default";
                    leg.Exten = exten;
                    leg.Priority = 1;
                }

                NewExten(leg, "Dial", $"PJSIP/{exten}@trunk");
            }

            broadcast(Event("OriginateResponse").Add("ActionID", id).Add("Response", "Success").Add("Channel", leg.Name)
                .Add("Context", leg.Context).Add("Exten", leg.Exten).Add("Reason", "4").Add("Uniqueid", leg.Uniqueid)
                .Add("CallerIDNum", leg.CallerIdNum).Add("CallerIDName", leg.CallerIdName).Text);
            await Clock.Wait(TimeSpan.FromSeconds(20));
            Hangup(leg, 16, "Normal Clearing");
        });
        return AmiWire.Response("Success", id).Add("Message", "Originate successfully queued");
    }
}
