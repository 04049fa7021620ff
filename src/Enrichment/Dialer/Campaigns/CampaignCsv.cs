using Middleware.Core.Numbers;

namespace Middleware.Enrichment.Dialer.Campaigns;

/// <summary>
/// Reads a campaign list: a header row naming the columns (id, number, and optionally name and
/// time_zone, in any order), then one contact per line (RFC 4180 quoting). Bad rows are reported
/// by line and left out; the rest is imported. Numbers on the do-not-call list and repeats are
/// left out and reported too.
/// </summary>
public static class CampaignCsv
{
    public sealed record Import(IReadOnlyList<CampaignContact> Contacts, IReadOnlyList<CampaignRowError> Errors, int DoNotCall);

    public static Import Read(TextReader reader, TimeZoneInfo defaultZone, PhoneNumberSet? doNotCall = null)
    {
        var contacts = new List<CampaignContact>();
        var errors = new List<CampaignRowError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var blocked = 0;
        var header = reader.ReadLine();
        if (header is null)
        {
            return new Import(contacts, [new CampaignRowError(1, "the file is empty; expected a header such as id,number,name,time_zone")], 0);
        }

        var columns = Fields(header).Select(c => c.Trim().ToLowerInvariant()).ToList();
        int Column(string name) => columns.IndexOf(name);
        var (idAt, numberAt, nameAt, zoneAt) = (Column("id"), Column("number"), Column("name"), Column("time_zone"));
        if (idAt < 0 || numberAt < 0)
        {
            return new Import(contacts, [new CampaignRowError(1, $"the header needs 'id' and 'number' columns (has: {string.Join(", ", columns)})")], 0);
        }

        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var fields = Fields(text);
            string? Get(int at) => at >= 0 && at < fields.Count ? fields[at].Trim() : null;
            var id = Get(idAt);
            if (string.IsNullOrEmpty(id))
            {
                errors.Add(new CampaignRowError(line, "no id"));
                continue;
            }

            if (!ids.Add(id))
            {
                errors.Add(new CampaignRowError(line, $"id '{id}' already used on an earlier line"));
                continue;
            }

            if (!DialNumber.TryNormalize(Get(numberAt) ?? "", out var number, out var problem))
            {
                errors.Add(new CampaignRowError(line, problem));
                continue;
            }

            var zone = defaultZone;
            if (Get(zoneAt) is { Length: > 0 } zoneName && !TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out zone))
            {
                errors.Add(new CampaignRowError(line, $"unknown time zone '{zoneName}' (use IANA names such as Asia/Shanghai)"));
                continue;
            }

            if (doNotCall?.Contains(number) == true)
            {
                blocked++;
                continue;
            }

            if (!seen.Add(PhoneNumber.Digits(number)))
            {
                errors.Add(new CampaignRowError(line, $"{number} is already in the campaign"));
                continue;
            }

            contacts.Add(new CampaignContact(id, number, Get(nameAt), zone!, line));
        }

        return new Import(contacts, errors, blocked);
    }

    /// <summary>One line's fields: commas separate, double quotes group, "" is a quote inside quotes.</summary>
    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }
}
