namespace Middleware.Adapters.SipMirror.Sip;

/// <summary>
/// The deeper grammar checks (`inspect sip`, and RFC 4475's invalid messages): addresses in From,
/// To, Contact, Route and Refer-To; every Via value; the Date zone. The live mirror path skips
/// them: it reads what the PBX accepted, it does not police it.
/// </summary>
public static class SipValidator
{
    /// <summary>Null when valid, else what is wrong and in which header.</summary>
    public static string? Validate(SipMessage message)
    {
        foreach (var field in message.HeaderFields)
        {
            var problem = field.Id switch
            {
                SipHeaderId.From or SipHeaderId.To or SipHeaderId.ReferTo or SipHeaderId.ReferredBy => Address(message.Value(field)),
                SipHeaderId.Contact => Contact(message.Value(field)),
                SipHeaderId.Route or SipHeaderId.RecordRoute => Addresses(message.Value(field)),
                SipHeaderId.Via => SipVia.ParseAll(message.Value(field), out var error) is null ? error : null,
                SipHeaderId.Date => message.Value(field).EndsWith(" GMT", StringComparison.Ordinal) ? null : "Date must be in GMT (RFC 3261 §20.17)",
                SipHeaderId.MaxForwards => MaxForwards(message.Value(field)),
                SipHeaderId.ContentType => ContentType(message.Value(field)),
                _ => null,
            };
            if (problem is not null)
            {
                var name = SipHeaderNames.Canonical(field.Id) ?? "header";
                return $"{name}: {problem}";
            }
        }

        return null;
    }

    private static string? Address(string value)
    {
        SipNameAddress.Parse(value, out var error);
        return error;
    }

    private static string? Addresses(string value)
    {
        foreach (var part in SipParameters.SplitValues(value))
        {
            if (Address(part) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static string? Contact(string value) => value.Trim() == "*" ? null : Addresses(value);

    private static string? MaxForwards(string value) =>
        value.Length is > 0 and <= 9 && value.All(char.IsAsciiDigit) && int.Parse(value) <= 255 ? null : $"'{value}' is not a number from 0 to 255";

    private static string? ContentType(string value)
    {
        var semi = value.IndexOf(';');
        var media = (semi < 0 ? value : value[..semi]).Trim();
        var slash = media.IndexOf('/');
        return slash > 0 && SipGrammar.IsToken(media.AsSpan(0, slash).Trim()) && SipGrammar.IsToken(media.AsSpan(slash + 1).Trim())
            ? null
            : $"'{value}' is not type/subtype";
    }
}
