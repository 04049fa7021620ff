using Middleware.Core.Configuration;

namespace Middleware.Host.Configuration;

/// <summary>Loads and checks a config file; problems are printed as file:line:column: key: message.</summary>
public static class ConfigLoader
{
    public const int ConfigErrorExitCode = 2;

    public static MiddlewareConfig Load(string path)
    {
        var document = YamlOptionsBinder.LoadFileLocated<MiddlewareConfig>(path);
        ResolveCampaignFiles(document.Value.Dialer, Path.GetDirectoryName(Path.GetFullPath(path))!);
        var errors = CrossChecks(document);
        return errors.Count == 0 ? document.Value : throw new ConfigException(errors);
    }

    /// <summary>
    /// A campaign's list and do-not-call file written as relative paths sit beside the config file,
    /// not wherever `run` was started from: a service unit, cron or an operator's shell find the
    /// same files. Absolute paths are kept.
    /// </summary>
    private static void ResolveCampaignFiles(DialerConfig dialer, string folder)
    {
        string Resolve(string file) => file.Length == 0 || Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(folder, file));
        foreach (var campaign in dialer.Campaigns)
        {
            campaign.File = Resolve(campaign.File);
            campaign.DoNotCall = campaign.DoNotCall is { } blocked ? Resolve(blocked) : null;
        }
    }

    /// <summary>Rules that span keys (the binder checks each key on its own).</summary>
    private static List<ConfigError> CrossChecks(ConfigDocument<MiddlewareConfig> document)
    {
        var config = document.Value;
        var errors = new List<ConfigError>();
        if (config.Journal.Provider == JournalProvider.Postgres && string.IsNullOrWhiteSpace(config.Journal.ConnectionString))
        {
            errors.Add(document.ErrorAt("journal.connection_string", "required when journal.provider is postgres"));
        }

        for (var i = 0; i < config.Sources.Ami.Count; i++)
        {
            var name = config.Sources.Ami[i].Name;
            if (config.Sources.Ami.Take(i).Any(s => s.Name == name))
            {
                errors.Add(document.ErrorAt($"sources.ami[{i}].name", $"source name '{name}' is already used by an earlier source"));
            }
        }

        for (var i = 0; i < config.Sources.Hep.Count; i++)
        {
            var hep = config.Sources.Hep[i];
            if (config.Sources.Ami.Any(s => s.Name == hep.Name) || config.Sources.Hep.Take(i).Any(s => s.Name == hep.Name))
            {
                errors.Add(document.ErrorAt($"sources.hep[{i}].name", $"source name '{hep.Name}' is already used by an earlier source"));
            }

            if (!System.Net.IPAddress.TryParse(hep.Address, out _))
            {
                errors.Add(document.ErrorAt($"sources.hep[{i}].address", $"'{hep.Address}' is not an IP address"));
            }

            if (hep.Calls.InternalNumbers is { } pattern && !IsRegex(pattern))
            {
                errors.Add(document.ErrorAt($"sources.hep[{i}].calls.internal_numbers", $"'{pattern}' is not a valid regular expression"));
            }
        }

        for (var i = 0; i < config.Sources.Capture.Count; i++)
        {
            var capture = config.Sources.Capture[i];
            if (config.Sources.Ami.Any(s => s.Name == capture.Name) || config.Sources.Hep.Any(s => s.Name == capture.Name) || config.Sources.Capture.Take(i).Any(s => s.Name == capture.Name))
            {
                errors.Add(document.ErrorAt($"sources.capture[{i}].name", $"source name '{capture.Name}' is already used by an earlier source"));
            }

            if (capture.Calls.InternalNumbers is { } pattern && !IsRegex(pattern))
            {
                errors.Add(document.ErrorAt($"sources.capture[{i}].calls.internal_numbers", $"'{pattern}' is not a valid regular expression"));
            }
        }

        for (var i = 0; i < config.Crm.Count; i++)
        {
            var crm = config.Crm[i];
            if (config.Sources.Ami.Any(s => s.Name == crm.Name) || config.Crm.Take(i).Any(c => c.Name == crm.Name))
            {
                errors.Add(document.ErrorAt($"crm[{i}].name", $"'{crm.Name}' is already the name of another source or CRM (write-back targets need distinct names)"));
            }

            errors.AddRange(Adapters.Crm.Configuration.CrmMappingValidator.Validate(crm).Select(p => document.ErrorAt($"crm[{i}].{p.Key}", p.Message)));
        }

        for (var i = 0; i < config.Sources.FastAgi.Count; i++)
        {
            var agi = config.Sources.FastAgi[i];
            if (!System.Net.IPAddress.TryParse(agi.Address, out _))
            {
                errors.Add(document.ErrorAt($"sources.fast_agi[{i}].address", $"'{agi.Address}' is not an IP address"));
            }

            if (config.Sources.FastAgi.Take(i).Any(s => s.Name == agi.Name))
            {
                errors.Add(document.ErrorAt($"sources.fast_agi[{i}].name", $"source name '{agi.Name}' is already used by an earlier FastAGI source"));
            }
        }

        if (config.Ivr.Enabled && !config.Crm.Any(c => c.Name == config.Ivr.Crm))
        {
            errors.Add(document.ErrorAt("ivr.crm", $"no crm named '{config.Ivr.Crm}' for the IVR's lookups"));
        }

        if (config.Ivr.Enabled && config.Sources.FastAgi.Count == 0)
        {
            errors.Add(document.ErrorAt("sources.fast_agi", "ivr.enabled needs a FastAGI source for the dialplan to reach"));
        }

        // Flow errors name their flow and node ("ivr.flows[0] (main).nodes.menu.choices.1: no node named 'x'").
        errors.AddRange(Enrichment.Ivr.IvrFlowValidator.Validate(config.Ivr).Select(e => document.ErrorAt("ivr.flows", e)));

        if (config.Ticketing.CrmTarget is { } ticketTarget && !config.Crm.Any(c => c.Name == ticketTarget))
        {
            errors.Add(document.ErrorAt("ticketing.crm_target", $"no crm named '{ticketTarget}'"));
        }

        switch (config.Http.Enabled ? config.Http.LoopbackOnly() : true)
        {
            case null:
                errors.Add(document.ErrorAt("http.address", $"'{config.Http.Address}' is not an http:// or https:// URL"));
                break;
            case false when config.Http.ApiKeys.Count + config.Http.BearerTokens.Count == 0:
                // Reachable from other machines: the API moves calls and reads callers' data.
                errors.Add(document.ErrorAt("http.address", $"'{config.Http.Address}' listens beyond this machine; set http.api_keys or http.bearer_tokens"));
                break;
        }

        errors.AddRange(Enrichment.Ticketing.TicketRuleChecks.Problems(config.Ticketing).Select(p => document.ErrorAt($"ticketing.{p.Key}", p.Message)));

        errors.AddRange(CampaignChecks(config).Select(p => document.ErrorAt($"dialer.campaigns[{p.Index}].{p.Key}", p.Message)));

        var targets = config.Sources.Ami.Select(s => s.Name).Concat(config.Crm.Select(c => c.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var target in config.WriteBack.Allow.Keys.Where(t => !targets.Contains(t)))
        {
            errors.Add(document.ErrorAt($"write_back.allow.{target}", $"no source named '{target}' to write back to (known: {string.Join(", ", targets.DefaultIfEmpty("none"))})"));
        }

        return errors;
    }

    /// <summary>Each campaign's own problems, its start and stop, a unique name, and an AMI source that lets it Originate and Hangup.</summary>
    private static IEnumerable<(int Index, string Key, string Message)> CampaignChecks(MiddlewareConfig config)
    {
        var campaigns = config.Dialer.Campaigns;
        for (var i = 0; i < campaigns.Count; i++)
        {
            var campaign = campaigns[i];
            foreach (var (key, message) in campaign.Problems())
            {
                yield return (i, key, message);
            }

            foreach (var (key, text) in new[] { ("start", campaign.Start), ("stop", campaign.Stop) })
            {
                if (Hosting.CampaignComposition.CronProblem(text) is { } problem)
                {
                    yield return (i, key, $"campaign '{campaign.Name}': {problem}");
                }
            }

            if (campaigns.Take(i).Any(c => c.Name == campaign.Name))
            {
                yield return (i, "name", $"campaign name '{campaign.Name}' is already used by an earlier campaign");
            }

            var target = campaign.Target ?? config.Sources.Ami.FirstOrDefault()?.Name;
            if (target is null || config.Sources.Ami.All(s => s.Name != target))
            {
                yield return (i, "target", $"campaign '{campaign.Name}': no AMI source {(target is null ? "in sources.ami" : $"named '{target}'")} to dial through");
            }
            else if (!(campaign.AbandonMessage is null ? ["Originate", "Hangup"] : new[] { "Originate", "Hangup", "Redirect" })
                         .All(a => config.WriteBack.Allow.GetValueOrDefault(target)?.Contains(a) == true))
            {
                yield return (i, "target", $"campaign '{campaign.Name}': write_back.allow.{target} must list Originate and Hangup{(campaign.AbandonMessage is null ? "" : " and Redirect (its abandon_message)")} for its calls");
            }
        }
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>For CLI verbs: the config, or null after printing the errors (exit with <paramref name="exitCode"/>).</summary>
    public static MiddlewareConfig? TryLoad(FileInfo file, TextWriter error, out int exitCode)
    {
        try
        {
            exitCode = 0;
            return Load(file.FullName);
        }
        catch (ConfigException ex)
        {
            exitCode = Report(ex, error);
            return null;
        }
    }

    /// <summary>Prints the errors and returns the exit code for a bad config.</summary>
    public static int Report(ConfigException ex, TextWriter error)
    {
        error.WriteLine($"config error{(ex.Errors.Count > 1 ? "s" : "")}:");
        foreach (var e in ex.Errors)
        {
            error.WriteLine("  " + e);
        }

        return ConfigErrorExitCode;
    }
}
