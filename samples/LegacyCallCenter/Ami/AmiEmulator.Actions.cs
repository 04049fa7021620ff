using System.Globalization;
using Middleware.Adapters.Ami.Client;
using Middleware.Adapters.Ami.Protocol;

namespace Middleware.Samples.Ami;

// Answers to actions, worded as Asterisk words them.
public sealed partial class AmiEmulator
{
    /// <summary>Completes when the action is answered: at once, except a synchronous Originate (the session waits for it, as Asterisk's does).</summary>
    private Task AnswerAction(AmiEmulatorSession session, string name, AmiMessage a)
    {
        var id = a.ActionId;
        switch (name.ToLowerInvariant())
        {
            case "originate" when !Samples.Pbx.PbxModel.IsTrue(a["Async"]):
                // manager.c runs a synchronous Originate in the session's thread: nothing else is read or
                // written on this session until it is answered, then the events held meanwhile follow.
                return session.AnswerThenReleaseEventsAsync(() => Pbx.OriginateAndWaitAsync(a, Broadcast));
            case "challenge":
                session.Challenge = Random.Shared.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
                session.Send(AmiWire.Response("Success", id).Add("Challenge", session.Challenge));
                break;
            case "login":
                Login(session, a);
                break;
            case "logoff":
                session.Send(AmiWire.Response("Goodbye", id).Add("Message", "Thanks for all the fish."));
                session.CloseAfterFlush();
                break;
            case "ping":
                session.Send(AmiWire.Response("Success", id).Add("Ping", "Pong").Add("Timestamp", (Pbx.Clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0).ToString("0.000000", CultureInfo.InvariantCulture)));
                break;
            case "events":
                session.EventsOn = !string.Equals(a["EventMask"], "off", StringComparison.OrdinalIgnoreCase);
                session.Send(AmiWire.Response("Success", id).Add("Events", session.EventsOn ? "On" : "Off"));
                break;
            case "filter":
                session.AddFilter(a["Filter"] ?? "");
                session.Send(AmiWire.Response("Success", id).Add("Message", "Filter Added Successfully"));
                break;
            case "coreshowchannels":
                SendList(session, id, "Channels will follow", "CoreShowChannelsComplete", Pbx.CoreShowChannels(id));
                break;
            case "queuestatus":
                SendList(session, id, "Queue status will follow", "QueueStatusComplete", Pbx.QueueStatus(id, a["Queue"]));
                break;
            case "queuesummary":
                SendList(session, id, "Queue summary will follow", "QueueSummaryComplete", Pbx.QueueSummary(id, a["Queue"]));
                break;
            default:
                session.Send(Pbx.Execute(name, a, Broadcast));
                break;
        }

        return Task.CompletedTask;
    }

    private void Login(AmiEmulatorSession session, AmiMessage a)
    {
        var md5 = string.Equals(a["AuthType"], "MD5", StringComparison.OrdinalIgnoreCase);
        var ok = !RefuseLogin && a["Username"] == _options.Username && (md5
            ? session.Challenge is { } c && a["Key"] == AmiLogin.Md5Key(c, _options.Secret)
            : a["Secret"] == _options.Secret);
        if (!ok)
        {
            session.Send(AmiWire.Response("Error", a.ActionId).Add("Message", "Authentication failed"));
            session.CloseAfterFlush();
            return;
        }

        session.EventsOn = !string.Equals(a["Events"], "off", StringComparison.OrdinalIgnoreCase);
        session.LoggedIn = true;
        session.Send(AmiWire.Response("Success", a.ActionId).Add("Message", "Authentication accepted"));
        session.Send(AmiWire.Event("FullyBooted", "system,all").Add("Uptime", "1").Add("LastReload", "1").Add("Status", "Fully Booted"));
    }

    private static void SendList(AmiEmulatorSession session, string? id, string message, string completeEvent, IReadOnlyList<AmiWire> items)
    {
        session.Send(AmiWire.Response("Success", id).Add("EventList", "start").Add("Message", message));
        foreach (var item in items)
        {
            session.Send(item);
        }

        session.Send(AmiWire.Event(completeEvent, "call,all").Add("ActionID", id).Add("EventList", "Complete").Add("ListItems", items.Count.ToString(CultureInfo.InvariantCulture)));
    }
}
