using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Middleware.Samples.Agi;

/// <summary>
/// The Asterisk side of a FastAGI session, as res_agi.c speaks it: connects to agi://host:port/script,
/// sends "agi_network: yes", "agi_network_script", then setup_env's variable block in its order,
/// and answers each command the script sends with the reply Asterisk writes for it (200 result=...,
/// 510 for unknown commands, 520 usage blocks, 511 on a dead channel). The person on the line is an
/// <see cref="AgiCaller"/>; when they hang up, the command in flight gets result=-1 and then the
/// HANGUP notification, as Asterisk sends it once.
/// </summary>
public sealed class AsteriskAgiClient(string host, int port)
{
    private static readonly Dictionary<string, (int MinArgs, int MaxArgs, bool RunsDead, string Usage)> Commands = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ANSWER"] = (0, 0, false, " Usage: ANSWER"),
        ["STREAM FILE"] = (2, 3, false, " Usage: STREAM FILE <filename> <escape digits> [sample offset]"),
        ["GET DATA"] = (1, 3, false, " Usage: GET DATA <file to be streamed> [timeout] [maxdigits]"),
        ["SAY DIGITS"] = (2, 2, false, " Usage: SAY DIGITS <number> <escape digits>"),
        ["SAY NUMBER"] = (2, 3, false, " Usage: SAY NUMBER <number> <escape digits> [gender]"),
        ["SET VARIABLE"] = (2, 2, true, " Usage: SET VARIABLE <variablename> <value>"),
        ["GET VARIABLE"] = (1, 1, true, " Usage: GET VARIABLE <variablename>"),
        ["EXEC"] = (1, 2, true, " Usage: EXEC <application> <options>"),
        ["VERBOSE"] = (1, 2, true, " Usage: VERBOSE <message> <level>"),
        ["HANGUP"] = (0, 1, true, " Usage: HANGUP [<channelname>]"),
        ["NOOP"] = (0, 10, true, " Usage: NOOP"),
    };

    private static readonly HashSet<string> Applications = new(StringComparer.OrdinalIgnoreCase) { "Playback", "Dial", "Queue", "Goto", "NoOp", "Wait", "Set", "Background", "MixMonitor" };

    private static long s_uniqueid = 1_700_000_000;

    /// <summary>Runs one session on a channel; returns when the script closes the connection or the channel is gone.</summary>
    /// <param name="script">What follows the host in the URL: "ivr?lang=zh".</param>
    /// <param name="variables">Channel variables set before AGI() ran (AMDSTATUS from AMD()).</param>
    /// <param name="garbageAfterReplies">Bytes written after the Nth reply (a broken proxy, a debugging echo).</param>
    public async Task<AgiCallRecord> RunAsync(string script, string callerNumber, AgiCaller caller, IReadOnlyDictionary<string, string>? variables = null,
        string channel = "PJSIP/trunk-cn-00000001", string language = "en", (int AfterReply, string Bytes)? garbageAfterReplies = null,
        CancellationToken cancellationToken = default)
    {
        var record = new AgiCallRecord();
        foreach (var (k, v) in variables ?? new Dictionary<string, string>())
        {
            record.Variables[k] = v;
        }

        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(host, port, cancellationToken);
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, new UTF8Encoding(false), false, 1024, leaveOpen: true);
        await SendAsync(stream, EnvironmentBlock(script, callerNumber, channel, language), cancellationToken);
        var replies = 0;
        var hangupSent = false;
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken);
            if (line is null)
            {
                record.ScriptClosed = true;
                return record;
            }

            record.Commands.Add(line);
            var (reply, hangsUp) = Execute(line, caller, record);
            await SendAsync(stream, reply, cancellationToken);
            if (garbageAfterReplies is { } g && ++replies == g.AfterReply)
            {
                await SendAsync(stream, g.Bytes, cancellationToken);
            }

            if (hangsUp && !hangupSent)
            {
                // res_agi notices the hangup after the command returns and tells a FastAGI script once.
                hangupSent = true;
                await SendAsync(stream, "HANGUP\n", cancellationToken);
            }
        }
    }

    private static long NextUniqueid() => Interlocked.Increment(ref s_uniqueid);

    /// <summary>launch_netscript's two lines, then setup_env's block in Asterisk 18's order, ending with a blank line.</summary>
    public string EnvironmentBlock(string script, string callerNumber, string channel, string language, string context = "from-trunk", string extension = "400", int priority = 3)
    {
        var uid = $"{NextUniqueid()}.{Environment.CurrentManagedThreadId}";
        var b = new StringBuilder();
        b.Append("agi_network: yes\n");
        if (script.Length > 0)
        {
            b.Append("agi_network_script: ").Append(script).Append('\n');
        }

        b.Append(CultureInfo.InvariantCulture, $"agi_request: agi://{host}:{port}/{script}\n");
        b.Append("agi_channel: ").Append(channel).Append('\n');
        b.Append("agi_language: ").Append(language).Append('\n');
        b.Append("agi_type: ").Append(channel.Split('/')[0]).Append('\n');
        b.Append("agi_uniqueid: ").Append(uid).Append('\n');
        b.Append("agi_version: 18.20.0\n");
        b.Append("agi_callerid: ").Append(callerNumber.Length > 0 ? callerNumber : "unknown").Append('\n');
        b.Append("agi_calleridname: unknown\n");
        b.Append("agi_callingpres: 0\nagi_callingani2: 0\nagi_callington: 0\nagi_callingtns: 0\n");
        b.Append("agi_dnid: ").Append(extension).Append('\n');
        b.Append("agi_rdnis: unknown\n");
        b.Append("agi_context: ").Append(context).Append('\n');
        b.Append("agi_extension: ").Append(extension).Append('\n');
        b.Append(CultureInfo.InvariantCulture, $"agi_priority: {priority}\n");
        b.Append("agi_enhanced: 0.0\n");
        b.Append("agi_accountcode: \n");
        b.Append("agi_threadid: 140245634418240\n");
        b.Append('\n');
        return b.ToString();
    }

    private static (string Reply, bool HangsUp) Execute(string line, AgiCaller caller, AgiCallRecord record)
    {
        var words = AgiArguments.Split(line);
        var name = words.Count >= 2 && Commands.ContainsKey(words[0] + " " + words[1]) ? words[0] + " " + words[1] : words.FirstOrDefault() ?? "";
        if (!Commands.TryGetValue(name, out var spec))
        {
            return ("510 Invalid or unknown command\n", false);
        }

        if (record.HungUp && !spec.RunsDead)
        {
            return ("511 Command Not Permitted on a dead channel or intercepted channel\n", false);
        }

        var args = words.Skip(name.Count(c => c == ' ') + 1).ToList();
        if (args.Count < spec.MinArgs || args.Count > spec.MaxArgs)
        {
            return ($"520-Invalid command syntax.  Proper usage follows:\n{spec.Usage}\n520 End of proper usage.\n", false);
        }

        switch (name.ToUpperInvariant())
        {
            case "ANSWER":
                record.Answered = true;
                return ("200 result=0\n", false);
            case "STREAM FILE":
                if (caller.HangsUpNext)
                {
                    caller.Next();
                    record.HungUp = true;
                    return ("200 result=-1 endpos=4000\n", true);
                }

                record.Heard.Add("prompt:" + args[0]);
                return ("200 result=0 endpos=16000\n", false);
            case "GET DATA":
                return GetData(args, caller, record);
            case "SAY DIGITS":
                if (!args[0].All(char.IsAsciiDigit))
                {
                    return ("200 result=-1\n", false);
                }

                record.Heard.Add("digits:" + args[0]);
                return ("200 result=0\n", false);
            case "SAY NUMBER":
                if (!long.TryParse(args[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                {
                    return ("520-Invalid command syntax.  Proper usage follows:\n" + spec.Usage + "\n520 End of proper usage.\n", false);
                }

                record.Heard.Add("number:" + args[0]);
                return ("200 result=0\n", false);
            case "SET VARIABLE":
                record.Variables[args[0]] = args[1];
                return ("200 result=1\n", false);
            case "GET VARIABLE":
                return record.Variables.TryGetValue(args[0], out var value) ? ($"200 result=1 ({value})\n", false) : ("200 result=0\n", false);
            case "EXEC":
                if (!Applications.Contains(args[0]))
                {
                    return ("200 result=-2\n", false);
                }

                record.Executed.Add($"{args[0]}({(args.Count > 1 ? args[1] : "")})");
                if (args[0].Equals("Playback", StringComparison.OrdinalIgnoreCase) && args.Count > 1)
                {
                    record.Heard.Add("prompt:" + args[1]);
                }

                return ("200 result=0\n", false);
            case "VERBOSE":
                return ("200 result=1\n", false);
            case "HANGUP":
                var first = !record.HungUp;
                record.HungUp = true;
                return ("200 result=1\n", first);
            default:
                return ("200 result=0\n", false);
        }
    }

    private static (string Reply, bool HangsUp) GetData(List<string> args, AgiCaller caller, AgiCallRecord record)
    {
        var max = args.Count > 2 && int.TryParse(args[2], CultureInfo.InvariantCulture, out var m) && m > 0 ? m : 1024;
        var input = caller.Next();
        if (input == AgiCaller.HangUp)
        {
            record.HungUp = true;
            return ("200 result=-1\n", true);
        }

        record.Heard.Add("prompt:" + args[0]);
        var pressed = input.EndsWith('#') ? input[..^1] : input;
        if (pressed.Length > max)
        {
            return ($"200 result={pressed[..max]}\n", false);
        }

        // Fewer digits than asked and no '#': the inter-digit timeout ends the input (app.c ast_app_getdata).
        return input.EndsWith('#') || pressed.Length == max ? ($"200 result={pressed}\n", false) : ($"200 result={pressed} (timeout)\n", false);
    }

    private static async Task SendAsync(NetworkStream stream, string text, CancellationToken cancellationToken)
    {
        try
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        }
        catch (IOException)
        {
            // The script closed first; what it did is in the record.
        }
    }
}
