using System.ComponentModel.DataAnnotations;
using Middleware.Core.Numbers;

namespace Middleware.Enrichment.Dialer.Campaigns;

/// <summary>
/// One outbound campaign as the config (dialer.campaigns) and <c>dial run</c> give it: the contact
/// list, how it is paced, where answered people go, and (config only) the hours it runs.
/// </summary>
public sealed class CampaignOptions
{
    /// <summary>Names the campaign in the journal, the API and the attempts' ids.</summary>
    [Required]
    public string Name { get; set; } = "";

    /// <summary>Contact list CSV (id,number[,name,time_zone]), read again at each start.</summary>
    [Required]
    public string File { get; set; } = "";

    public PacingMode Pacing { get; set; } = PacingMode.Predictive;

    /// <summary>The AMI source (write-back target) the Originates go through; null: the first of sources.ami.</summary>
    public string? Target { get; set; }

    /// <summary>Queue an answered person is connected to (the Originate's Exten).</summary>
    public string Queue { get; set; } = "sales";

    /// <summary>The queue members taking the campaign's calls.</summary>
    public List<string> Agents { get; set; } = [];

    /// <summary>Dialplan context an answered call runs in (AMD(), then Queue(${EXTEN})).</summary>
    public string Context { get; set; } = "dialer";

    /// <summary>PJSIP endpoint to the PSTN: customers are dialled as PJSIP/number@trunk.</summary>
    public string Trunk { get; set; } = "trunk";

    public string? CallerId { get; set; }

    /// <summary>Contacts' local hours to call in, HH:mm-HH:mm.</summary>
    public string Window { get; set; } = "09:00-21:00";

    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    [Range(0.0, 1.0)]
    public double AbandonTarget { get; set; } = 0.03;

    /// <summary>Do-not-call list, one number a line (# comments); null: none.</summary>
    public string? DoNotCall { get; set; }

    /// <summary>When the campaign starts: "HH:mm" every day, or a Quartz cron expression (seconds first), in <see cref="TimeZone"/>.</summary>
    public string Start { get; set; } = "";

    /// <summary>When it stops placing calls (calls in progress finish), like <see cref="Start"/>.</summary>
    public string Stop { get; set; } = "";

    /// <summary>Zone of <see cref="Start"/> and <see cref="Stop"/>, and of contacts without one.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Where an abandoned call is sent to hear why before it is hung up (an AMI Redirect); null: it is hung up at once.</summary>
    public AbandonMessageOptions? AbandonMessage { get; set; }

    /// <summary>The engine's options for this campaign (the window is assumed checked by <see cref="Problems"/>).</summary>
    public DialerOptions DialerOptions()
    {
        TryParseWindow(Window, out var from, out var to);
        return new DialerOptions { Pacing = Pacing, AbandonTarget = AbandonTarget, WindowStart = from, WindowEnd = to, MaxAttempts = MaxAttempts };
    }

    public LiveDialerSetup Setup(string target) => new(target, Trunk, Context, Queue, CallerId, AbandonMessage);

    /// <summary>What is wrong with the campaign that does not need the scheduler: (key under the campaign, message naming it).</summary>
    public IEnumerable<(string Key, string Message)> Problems()
    {
        if (Name.Length > 0 && !System.IO.File.Exists(File))
        {
            yield return ("file", $"campaign '{Name}': no campaign file {Path.GetFullPath(File)}");
        }

        if (DoNotCall is { } dnc && !System.IO.File.Exists(dnc))
        {
            yield return ("do_not_call", $"campaign '{Name}': no do-not-call file {Path.GetFullPath(dnc)}");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return ("time_zone", $"campaign '{Name}': unknown time zone '{TimeZone}'");
        }

        if (!TryParseWindow(Window, out _, out _))
        {
            yield return ("window", $"campaign '{Name}': '{Window}' is not HH:mm-HH:mm");
        }

        if (Agents.Count == 0)
        {
            yield return ("agents", $"campaign '{Name}': name the queue members taking its calls");
        }
    }

    /// <summary>HH:mm-HH:mm, as the contacts' calling window is written.</summary>
    public static bool TryParseWindow(string text, out TimeOnly from, out TimeOnly to)
    {
        from = to = default;
        var hours = text.Split('-');
        return hours.Length == 2
               && TimeOnly.TryParseExact(hours[0].Trim(), ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out from)
               && TimeOnly.TryParseExact(hours[1].Trim(), ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out to);
    }

    /// <summary>
    /// The contacts to dial: the CSV read in the campaign's zone, minus the do-not-call list (refused rows
    /// are in the import's errors). Null with the reason when a file cannot be read.
    /// </summary>
    public (CampaignCsv.Import? Import, string? Error) Load()
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone))
        {
            return (null, $"unknown time zone '{TimeZone}'");
        }

        try
        {
            var blocked = DoNotCall is null ? null : new PhoneNumberSet(System.IO.File.ReadAllLines(DoNotCall).Where(l => l.Length > 0 && l[0] != '#'));
            using var reader = System.IO.File.OpenText(File);
            return (CampaignCsv.Read(reader, zone, blocked), null);
        }
        catch (IOException ex)
        {
            return (null, ex.Message);
        }
        catch (UnauthorizedAccessException ex)
        {
            return (null, ex.Message);
        }
    }
}

/// <summary>
/// Where the dialer sends an abandoned call: an AMI Redirect to this place in the dialplan, where the
/// integrator's dialplan plays the message and hangs up, e.g.
/// <c>exten => abandon,1,Playback(sorry-all-agents-busy)</c> then <c>same => n,Hangup()</c>.
/// </summary>
public sealed class AbandonMessageOptions
{
    [Required]
    public string Context { get; set; } = "";

    public string Exten { get; set; } = "abandon";

    [Range(1, 10_000)]
    public int Priority { get; set; } = 1;
}
