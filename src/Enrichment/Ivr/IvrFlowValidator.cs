namespace Middleware.Enrichment.Ivr;

/// <summary>Checks a flow tree before any call reaches it: every way out of a node leads to a node that exists.</summary>
public static class IvrFlowValidator
{
    public static IReadOnlyList<string> Validate(IvrOptions options)
    {
        var errors = new List<string>();
        if (options.Enabled && options.Flows.Count == 0)
        {
            errors.Add("ivr.flows: at least one flow is needed when ivr.enabled is true");
        }

        foreach (var (flow, f) in options.Flows.Select((flow, i) => (flow, i)))
        {
            var at = $"ivr.flows[{f}] ({flow.Name})";
            if (!flow.Nodes.ContainsKey(flow.Start))
            {
                errors.Add($"{at}.start: no node named '{flow.Start}'");
            }

            foreach (var (name, node) in flow.Nodes)
            {
                var where = $"{at}.nodes.{name}";
                if (!IvrNodeKinds.All.Contains(node.Kind, StringComparer.Ordinal))
                {
                    errors.Add($"{where}.kind: '{node.Kind}' is not one of {string.Join(", ", IvrNodeKinds.All)}");
                }

                foreach (var (key, target) in Targets(node))
                {
                    if (!flow.Nodes.ContainsKey(target))
                    {
                        errors.Add($"{where}.{key}: no node named '{target}'");
                    }
                }

                if (node.Kind == IvrNodeKinds.Menu && node.Choices.Count == 0 && node.Intents.Count == 0)
                {
                    errors.Add($"{where}.choices: a menu needs at least one choice");
                }

                foreach (var digit in node.Choices.Keys.Where(k => k.Length != 1 || !"0123456789*#".Contains(k[0], StringComparison.Ordinal)))
                {
                    errors.Add($"{where}.choices: '{digit}' is not one DTMF key (0-9, *, #)");
                }

                if (node.Kind is IvrNodeKinds.Menu or IvrNodeKinds.OrderStatus or IvrNodeKinds.Say && string.IsNullOrWhiteSpace(node.Prompt))
                {
                    errors.Add($"{where}.prompt: a {node.Kind} node plays a prompt; name its file");
                }
            }
        }

        return errors;
    }

    private static IEnumerable<(string Key, string Target)> Targets(IvrNodeOptions node)
    {
        foreach (var (digit, target) in node.Choices)
        {
            yield return ($"choices.{digit}", target);
        }

        foreach (var (intent, target) in node.Intents)
        {
            yield return ($"intents.{intent}", target);
        }

        if (node.Next is { } next)
        {
            yield return ("next", next);
        }

        if (node.OnFail is { } fail)
        {
            yield return ("on_fail", fail);
        }

        if (node.NotFound is { } notFound)
        {
            yield return ("not_found", notFound);
        }
    }
}
