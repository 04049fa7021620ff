using Middleware.Core.Configuration;
using Middleware.Enrichment.Dialer;
using Middleware.Host.Configuration;
using Middleware.TestSupport;

namespace Middleware.Host.Tests.Dialer;

/// <summary>dialer.campaigns in the YAML config: bound like every option, and refused with file:line:key naming the campaign.</summary>
public sealed class CampaignConfigTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string campaigns)
    {
        File.WriteAllText(_dir.File("list.csv"), "id,number\nc1,13800000011\n");
        var path = _dir.File("mw.yaml");
        File.WriteAllText(path, $"""
            sources:
              ami:
                - {"{"} name: pbx, host: 127.0.0.1, username: mw, secret: x {"}"}
            write_back:
              mode: act
              allow: {"{"} pbx: [Originate, Hangup] {"}"}
            dialer:
              campaigns:
            {campaigns}
            """);
        return path;
    }

    private IReadOnlyList<ConfigError> Errors(string campaigns) =>
        Assert.Throws<ConfigException>(() => ConfigLoader.Load(Write(campaigns))).Errors;

    [Fact]
    public void Campaigns_bind_with_clock_times_and_cron_expressions()
    {
        var config = ConfigLoader.Load(Write($"""
                - name: spring
                  file: {_dir.File("list.csv")}
                  pacing: progressive
                  agents: [PJSIP/2001]
                  window: "08:30-20:00"
                  start: "09:00"
                  stop: 0 0 12 ? * MON-FRI
                  time_zone: Europe/Berlin
                - name: autumn
                  file: {_dir.File("list.csv")}
                  agents: [PJSIP/2002, PJSIP/2003]
                  start: 30 8 * * 1-5
                  stop: "17:00"
            """));

        var spring = config.Dialer.Campaigns[0];
        Assert.Equal(("spring", PacingMode.Progressive, "Europe/Berlin"), (spring.Name, spring.Pacing, spring.TimeZone));
        Assert.Equal((new TimeOnly(8, 30), new TimeOnly(20, 0)), (spring.DialerOptions().WindowStart, spring.DialerOptions().WindowEnd));
        Assert.Equal(["PJSIP/2002", "PJSIP/2003"], config.Dialer.Campaigns[1].Agents);
        Assert.Equal(PacingMode.Predictive, config.Dialer.Campaigns[1].Pacing);
    }

    [Fact]
    public void Relative_campaign_files_are_found_beside_the_config_file_not_in_the_working_directory()
    {
        Directory.CreateDirectory(_dir.File("lists"));
        File.WriteAllText(_dir.File("lists/spring.csv"), "id,number\nc1,13800000011\nc2,13800000012\n");
        File.WriteAllText(_dir.File("do-not-call.txt"), "13800000012\n");
        Assert.NotEqual(_dir.Path, Directory.GetCurrentDirectory()); // the test runs from its bin folder: a cwd-relative read would miss both files

        var config = ConfigLoader.Load(Write($"""
                - name: spring
                  file: lists/spring.csv
                  do_not_call: ./do-not-call.txt
                  agents: [PJSIP/2001]
                  start: "09:00"
                  stop: "12:00"
                - name: autumn
                  file: {_dir.File("list.csv")}
                  agents: [PJSIP/2001]
                  start: "09:00"
                  stop: "12:00"
            """));

        var spring = config.Dialer.Campaigns[0];
        Assert.Equal((_dir.File("lists/spring.csv"), _dir.File("do-not-call.txt")), (spring.File, spring.DoNotCall));
        Assert.Equal(_dir.File("list.csv"), config.Dialer.Campaigns[1].File); // absolute: kept
        var (import, error) = spring.Load();
        Assert.Null(error);
        Assert.Equal((1, 1), (import!.Contacts.Count, import.DoNotCall));
    }

    [Fact]
    public void An_unknown_campaign_key_is_refused_at_its_file_line_and_key()
    {
        var errors = Errors($"""
                - name: spring
                  file: {_dir.File("list.csv")}
                  agents: [PJSIP/2001]
                  start: "09:00"
                  stop: "12:00"
                  pacng: progressive
            """);

        var error = Assert.Single(errors);
        Assert.Equal($"{_dir.File("mw.yaml")}:14:7: dialer.campaigns[0].pacng: unknown key 'pacng'; did you mean 'pacing'?", error.ToString()[..error.ToString().IndexOf(" (known", StringComparison.Ordinal)]);
    }

    [Fact]
    public void A_bad_schedule_a_missing_file_and_an_unknown_zone_are_refused_naming_the_campaign()
    {
        var errors = Errors($"""
                - name: spring
                  file: {_dir.File("missing.csv")}
                  agents: [PJSIP/2001]
                  start: 0 61 9 * * ?
                  stop: "25:00"
                  time_zone: Mars/Olympus
                  abandon_message:
                    context: dialer-abandon
                - name: spring
                  file: {_dir.File("list.csv")}
                  start: "09:00"
                  stop: "12:00"
                  target: other-pbx
            """);

        string At(string key) => Assert.Single(errors, e => e.Key == key).ToString();
        Assert.Contains(":12:7: dialer.campaigns[0].start: campaign 'spring': '0 61 9 * * ?' is neither HH:mm nor a cron expression", At("dialer.campaigns[0].start"), StringComparison.Ordinal);
        Assert.Contains("campaign 'spring': '25:00' is neither", At("dialer.campaigns[0].stop"), StringComparison.Ordinal);
        Assert.Contains("campaign 'spring': no campaign file", At("dialer.campaigns[0].file"), StringComparison.Ordinal);
        Assert.Contains("missing.csv", At("dialer.campaigns[0].file"), StringComparison.Ordinal);
        Assert.Contains("campaign 'spring': unknown time zone 'Mars/Olympus'", At("dialer.campaigns[0].time_zone"), StringComparison.Ordinal);
        Assert.Contains("already used by an earlier campaign", At("dialer.campaigns[1].name"), StringComparison.Ordinal);
        Assert.Contains("campaign 'spring': name the queue members", At("dialer.campaigns[1].agents"), StringComparison.Ordinal);
        Assert.Contains("no AMI source named 'other-pbx'", At("dialer.campaigns[1].target"), StringComparison.Ordinal);
        Assert.Contains("must list Originate and Hangup and Redirect (its abandon_message)", At("dialer.campaigns[0].target"), StringComparison.Ordinal);
    }
}
