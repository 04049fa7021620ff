using System.Globalization;
using Middleware.Adapters.Ami.Protocol;
using Middleware.Samples.Ami;

namespace Middleware.Samples.Pbx;

// Actions that change the PBX, answered as Asterisk answers them.
public sealed partial class PbxModel
{
    /// <summary>When set, the queues distribute by themselves and redirects to the routing context dial AI_AGENT.</summary>
    public PbxAcd? Acd { get; set; }

    /// <summary>The channel continues in the dialplan at context,exten,1 and runs its first application there.</summary>
    public void Goto(PbxChannel channel, string context, string exten, string application, string appData)
    {
        lock (Sync)
        {
            channel.Context = context;
            channel.Exten = exten;
            channel.Priority = 1;
            NewExten(channel, application, appData);
        }
    }

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

                // The wired simulator's routing context is the ACD's (a queued caller dialed to AI_AGENT); any other place runs as a Goto, or plays its announcement.
                if (Acd?.TryRedirect(channel, a["Context"], a["Exten"]) is not true)
                {
                    Redirect(channel, a["Context"], a["Exten"], a["Priority"]);
                }
                return Ok("Redirect successful");
            case "hangup":
                if (channel is null)
                {
                    return Error("No such channel");
                }

                foreach (var c in Channels.Where(c => c.Linkedid == channel.Linkedid))
                {
                    LeaveQueues(c);
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
                Acd?.Distribute();
                return Ok("Added interface to queue");
            case "queueremove":
                return a["Queue"] is { } q && a["Interface"] is { } iface && RemoveMember(q, iface)
                    ? Ok("Removed interface from queue")
                    : Error("Unable to remove interface: Not there");
            case "queuepause":
                var paused = a["Paused"] is { } v && (v == "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase));
                if (a["Interface"] is not { } pauseIface || !PauseMember(a["Queue"], pauseIface, paused, a["Reason"] ?? ""))
                {
                    return Error("Interface not found");
                }

                Acd?.Distribute();
                return Ok(paused ? "Interface paused successfully" : "Interface unpaused successfully");
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

    /// <summary>
    /// A waiting caller hung up from outside: app_queue.c wait_our_turn/wait_a_bit see the hangup,
    /// record_abandoned sends QueueCallerAbandon and leave_queue QueueCallerLeave before the
    /// channel's Hangup.
    /// </summary>
    private void LeaveQueues(PbxChannel channel)
    {
        foreach (var queue in Queues.Where(q => { lock (Sync) { return q.Entries.Any(e => e.Caller == channel); } }))
        {
            QueueAbandon(queue, channel);
            QueueLeave(queue, channel);
        }
    }

    private IEnumerable<string> Command(string command) => command.Trim() switch
    {
        "core show uptime" => ["System uptime: 1 hour, 2 minutes, 3 seconds", "Last reload: 1 hour, 2 minutes, 3 seconds"],
        "core show channels count" => [$"{Channels.Count} active channels", $"{Channels.Select(c => c.Linkedid).Distinct().Count()} active calls"],
        _ => [$"No such command '{command}' (type 'core show help {command}' for other possible commands)"],
    };
}
