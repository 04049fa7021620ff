using Middleware.Adapters.Crm.Mapping;

namespace Middleware.Adapters.Crm.Configuration;

/// <summary>
/// Checks a CRM's mapping before anything is sent: known operations, placeholders each operation
/// can fill, required fields mapped, well-formed paths, complete auth. Problems come back with the
/// key path (e.g. "operations.create_ticket.fields.id") so the config loader can name the line.
/// </summary>
public static class CrmMappingValidator
{
    public static IEnumerable<(string Key, string Message)> Validate(CrmOptions crm)
    {
        foreach (var problem in ValidateAuth(crm.Auth))
        {
            yield return problem;
        }

        if (crm.TicketStatus.PollInterval > TimeSpan.Zero && !crm.Operations.ContainsKey(CrmOperations.ListChangedTickets))
        {
            yield return ("ticket_status.poll_interval", $"polling ticket statuses needs operations.{CrmOperations.ListChangedTickets} (tickets changed since {{since}})");
        }

        if (crm.TicketStatus.Webhook.Enabled && !crm.Operations.ContainsKey(CrmOperations.ListChangedTickets))
        {
            yield return ("ticket_status.webhook.secret", $"a ticket status webhook reads the posted tickets with operations.{CrmOperations.ListChangedTickets}' fields (id, status, updated_at): map it");
        }

        if (crm.TicketStatus.Webhook.Secret is { Length: > 0 and < 16 })
        {
            yield return ("ticket_status.webhook.secret", "shorter than 16 characters: anyone could forge the CRM's signature");
        }

        if (crm.TicketStatus.PollInterval < TimeSpan.Zero)
        {
            yield return ("ticket_status.poll_interval", "must be 0 (off) or a positive time such as 30s");
        }

        foreach (var (name, operation) in crm.Operations)
        {
            var key = $"operations.{name}";
            if (!CrmOperations.All.TryGetValue(name, out var shape))
            {
                yield return (key, $"unknown operation '{name}' (known: {string.Join(", ", CrmOperations.All.Keys)})");
                continue;
            }

            if (operation.Method.ToUpperInvariant() is not ("GET" or "POST" or "PUT" or "PATCH" or "DELETE"))
            {
                yield return ($"{key}.method", $"'{operation.Method}' is not an HTTP method this adapter sends");
            }

            var templates = new[] { ($"{key}.path", operation.Path) }
                .Concat(operation.Query.Select(q => ($"{key}.query.{q.Key}", q.Value)))
                .Concat(operation.Body.Select(b => ($"{key}.body.{b.Key}", b.Value)));
            foreach (var (at, template) in templates)
            {
                foreach (var variable in Template.Names(template).Where(v => !shape.Variables.Contains(v)))
                {
                    yield return (at, $"{name} has no value '{{{variable}}}' (it has: {string.Join(", ", shape.Variables.Select(v => "{" + v + "}"))})");
                }
            }

            if (!JsonPath.IsValid(operation.Result))
            {
                yield return ($"{key}.result", $"'{operation.Result}' is not a path like data[0].items");
            }

            foreach (var (field, path) in operation.Fields)
            {
                if (!shape.RequiredFields.Contains(field) && !shape.OptionalFields.Contains(field))
                {
                    yield return ($"{key}.fields.{field}", $"{name} has no field '{field}' (fields: {string.Join(", ", shape.RequiredFields.Concat(shape.OptionalFields))})");
                }
                else if (!JsonPath.IsValid(path))
                {
                    yield return ($"{key}.fields.{field}", $"'{path}' is not a path like case.case_no");
                }
            }

            foreach (var required in shape.RequiredFields.Where(f => !operation.Fields.ContainsKey(f)))
            {
                yield return ($"{key}.fields", $"{name} must map '{required}' (where the answer holds it)");
            }
        }
    }

    private static IEnumerable<(string Key, string Message)> ValidateAuth(CrmAuthOptions auth)
    {
        if (auth.Kind != CrmAuthKind.None && string.IsNullOrEmpty(auth.Secret))
        {
            yield return ("auth.secret", $"auth kind {auth.Kind.ToString().ToLowerInvariant()} needs a secret");
        }

        if (auth.Kind == CrmAuthKind.Basic && string.IsNullOrEmpty(auth.Username))
        {
            yield return ("auth.username", "basic auth needs a username");
        }

        if (auth.Kind == CrmAuthKind.Oauth2 && (string.IsNullOrEmpty(auth.ClientId) || string.IsNullOrEmpty(auth.TokenUrl)))
        {
            yield return ("auth", "oauth2 needs client_id and token_url");
        }
    }
}
