namespace Middleware.Enrichment.Analytics.Simulation;

/// <summary>
/// Loads a scenario YAML and checks what the binder cannot: hour keys, references between product
/// lines, queues and agent groups. Every problem is reported as file:line:column: key: message.
/// </summary>
public static class ScenarioFile
{
    public static SimulationScenario Load(string path)
    {
        var document = YamlOptionsBinder.LoadFileLocated<SimulationScenario>(path);
        var errors = Check(document);
        return errors.Count > 0 ? throw new ConfigException(errors) : document.Value;
    }

    public static SimulationScenario Parse(string yaml, string file)
    {
        var document = YamlOptionsBinder.ParseLocated<SimulationScenario>(yaml, file);
        var errors = Check(document);
        return errors.Count > 0 ? throw new ConfigException(errors) : document.Value;
    }

    private static List<ConfigError> Check(ConfigDocument<SimulationScenario> document)
    {
        var s = document.Value;
        var errors = new List<ConfigError>();
        foreach (var (hour, rate) in s.CallsPerHour)
        {
            if (!int.TryParse(hour, out var h) || h is < 0 or > 23)
            {
                errors.Add(document.ErrorAt($"calls_per_hour.{hour}", "hours are 0 to 23"));
            }
            else if (rate < 0)
            {
                errors.Add(document.ErrorAt($"calls_per_hour.{hour}", "calls per hour cannot be negative"));
            }
        }

        if (s.ProductLines.Count == 0)
        {
            errors.Add(document.ErrorAt("product_lines", "at least one product line is needed"));
        }

        if (s.Agents.Sum(a => a.Count) == 0)
        {
            errors.Add(document.ErrorAt("agents", "at least one agent is needed"));
        }

        var queues = s.Queues.Select(q => q.Name).ToHashSet(StringComparer.Ordinal);
        var lines = s.ProductLines.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < s.ProductLines.Count; i++)
        {
            if (!queues.Contains(s.ProductLines[i].Queue))
            {
                errors.Add(document.ErrorAt($"product_lines[{i}].queue", $"no queue named '{s.ProductLines[i].Queue}' under queues"));
            }
        }

        for (var i = 0; i < s.Agents.Count; i++)
        {
            var group = s.Agents[i];
            if (group.ShiftEndHour <= group.ShiftStartHour)
            {
                errors.Add(document.ErrorAt($"agents[{i}].shift_end_hour", "the shift must end after it starts"));
            }

            for (var q = 0; q < group.Queues.Count; q++)
            {
                if (!queues.Contains(group.Queues[q]))
                {
                    errors.Add(document.ErrorAt($"agents[{i}].queues[{q}]", $"no queue named '{group.Queues[q]}' under queues"));
                }
            }

            foreach (var (line, level) in group.Skills)
            {
                if (!lines.Contains(line))
                {
                    errors.Add(document.ErrorAt($"agents[{i}].skills.{line}", $"no product line named '{line}'"));
                }
                else if (level is < 0 or > 3)
                {
                    errors.Add(document.ErrorAt($"agents[{i}].skills.{line}", "skill levels are 0 (none) to 3 (expert)"));
                }
            }
        }

        foreach (var (name, factors) in new[] { ("handle_factor", s.SkillEffects.HandleFactor), ("resolution_factor", s.SkillEffects.ResolutionFactor) })
        {
            if (factors.Count != 4 || factors.Any(f => f <= 0))
            {
                errors.Add(document.ErrorAt($"skill_effects.{name}", "four positive factors are needed, for skill levels 0, 1, 2 and 3"));
            }
        }

        for (var i = 0; i < s.Surges.Count; i++)
        {
            if (s.Surges[i].ToHour <= s.Surges[i].FromHour)
            {
                errors.Add(document.ErrorAt($"surges[{i}].to_hour", "a surge must end after it starts"));
            }
        }

        return errors;
    }
}
