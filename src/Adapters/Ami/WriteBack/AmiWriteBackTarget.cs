using Middleware.Adapters.Ami.Client;
using Middleware.Adapters.Ami.Protocol;

namespace Middleware.Adapters.Ami.WriteBack;

/// <summary>
/// Writes decisions back to a PBX as standard AMI actions. Parameters map to action fields; a
/// missing Channel is taken from the call (its caller's channel). Asterisk's "Response: Error"
/// is a rejection (not retried); a lost connection is retried by the gate.
/// </summary>
public sealed class AmiWriteBackTarget(AmiSource source) : IWriteBackTarget
{
    public string Name => source.Name;

    public IReadOnlyDictionary<string, WriteBackMode> Actions { get; } = new Dictionary<string, WriteBackMode>(StringComparer.Ordinal)
    {
        // Hints the legacy ACD may read; routing stays its own.
        ["Setvar"] = WriteBackMode.Assist,
        ["Getvar"] = WriteBackMode.Assist,
        ["UserEvent"] = WriteBackMode.Assist,

        // A waiting caller's place in its queue (the hint QUEUE_PRIO gives before Queue() starts);
        // the ACD still routes it.
        ["QueueChangePriorityCaller"] = WriteBackMode.Assist,

        // These change what happens to calls and agents.
        ["Redirect"] = WriteBackMode.Act,
        ["Originate"] = WriteBackMode.Act,
        ["QueuePenalty"] = WriteBackMode.Act,
        ["QueuePause"] = WriteBackMode.Act,
        ["QueueAdd"] = WriteBackMode.Act,
        ["QueueRemove"] = WriteBackMode.Act,
        ["Hangup"] = WriteBackMode.Act,
        ["PlayDTMF"] = WriteBackMode.Act,
        ["Command"] = WriteBackMode.Act,
    };

    /// <summary>Actions addressed to the call's caller channel, and the field that names it.</summary>
    private static readonly Dictionary<string, string> ChannelActions = new(StringComparer.Ordinal)
    {
        ["Setvar"] = "Channel", ["Getvar"] = "Channel", ["Redirect"] = "Channel", ["Hangup"] = "Channel", ["PlayDTMF"] = "Channel",
        ["QueueChangePriorityCaller"] = "Caller",
    };

    public async Task<string?> ExecuteAsync(WriteBackCommand command, CancellationToken cancellationToken)
    {
        var action = new AmiAction(command.Action);
        foreach (var (key, value) in command.Parameters)
        {
            action.Add(key, value);
        }

        if (ChannelActions.TryGetValue(command.Action, out var field) && action[field] is null)
        {
            var channel = command.CallId is null ? null : await source.CallerChannelAsync(command.CallId, cancellationToken).ConfigureAwait(false);
            action.Add(field, channel ?? throw new WriteBackRejectedException($"call {command.CallId} has no live channel on {Name}"));
        }

        try
        {
            if (command.Action == "Originate")
            {
                if (source.Status.State != AmiConnectionState.Connected)
                {
                    throw new WriteBackNotSentException($"{Name} is not connected; the Originate was not sent");
                }

                if (action["Async"] is null)
                {
                    action.Add("Async", "true");
                }

                var (response, result) = await source.SendAndAwaitEventAsync(action, "OriginateResponse", OriginateWait(command), cancellationToken).ConfigureAwait(false);
                response.EnsureSuccess(command.Action);
                return result.Is("Response", "Success")
                    ? $"originated {result["Channel"]} ({result["Uniqueid"]})"
                    : throw new WriteBackRejectedException($"originate failed: reason {result["Reason"]} ({OriginateReason(result["Reason"])})");
            }

            var answer = await source.SendAsync(action, cancellationToken).ConfigureAwait(false);
            answer.EnsureSuccess(command.Action);
            return command.Action switch
            {
                "Getvar" => $"{answer["Variable"]}={answer["Value"]}",
                "Command" => string.Join("\n", answer.Message.GetAll("Output")),
                _ => answer.Text ?? "Success",
            };
        }
        catch (AmiActionException ex)
        {
            throw new WriteBackRejectedException(ex.Reason);
        }
    }

    /// <summary>
    /// Asterisk waits up to the action's Timeout (ms; manager.c defaults to 30000) for the far end
    /// and reports after that; the margin covers the request before ringing starts and the AMI
    /// round trip. One attempt may take this long, and is never repeated once sent: a lost
    /// response does not mean no call, and a second Originate would ring the customer twice.
    /// </summary>
    public static readonly TimeSpan OriginateMargin = TimeSpan.FromSeconds(10);

    public WriteBackAttempt? AttemptFor(WriteBackCommand command) =>
        command.Action == "Originate" ? new WriteBackAttempt(OriginateWait(command), Retry: false) : null;

    private static TimeSpan OriginateWait(WriteBackCommand command) =>
        TimeSpan.FromMilliseconds(command.Parameters.TryGetValue("Timeout", out var t) && int.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms > 0 ? ms : 30_000)
        + OriginateMargin;

    /// <summary>
    /// OriginateResponse's Reason: the AST_CONTROL_* code dialing ended on (include/asterisk/frame.h;
    /// main/pbx.c pbx_dial_reason, main/channel.c __ast_request_and_dial and ast_channel_reason2str).
    /// </summary>
    public static string OriginateReason(string? code) => code switch
    {
        "0" => "no such extension or number, or the channel could not be placed",
        "1" => "hung up before answer",
        "3" => "no answer (still ringing at the timeout)",
        "4" => "answered",
        "5" => "busy",
        "8" => "congestion",
        _ => "unknown",
    };
}
