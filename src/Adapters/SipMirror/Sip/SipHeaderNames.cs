namespace Middleware.Adapters.SipMirror.Sip;

/// <summary>
/// Header names to ids without allocating: case-insensitive, compact forms included (RFC 3261
/// §7.3.3 and later RFCs: i, f, t, v, l, c, m, r, b, s, k, o).
/// </summary>
public static class SipHeaderNames
{
    private static readonly (string Name, SipHeaderId Id)[] Long =
    [
        ("Call-ID", SipHeaderId.CallId),
        ("CSeq", SipHeaderId.CSeq),
        ("From", SipHeaderId.From),
        ("To", SipHeaderId.To),
        ("Via", SipHeaderId.Via),
        ("Content-Length", SipHeaderId.ContentLength),
        ("Content-Type", SipHeaderId.ContentType),
        ("Contact", SipHeaderId.Contact),
        ("Max-Forwards", SipHeaderId.MaxForwards),
        ("Refer-To", SipHeaderId.ReferTo),
        ("Referred-By", SipHeaderId.ReferredBy),
        ("Replaces", SipHeaderId.Replaces),
        ("Date", SipHeaderId.Date),
        ("Expires", SipHeaderId.Expires),
        ("Record-Route", SipHeaderId.RecordRoute),
        ("Route", SipHeaderId.Route),
        ("Subject", SipHeaderId.Subject),
        ("Supported", SipHeaderId.Supported),
        ("Event", SipHeaderId.Event),
        ("User-Agent", SipHeaderId.UserAgent),
        ("P-Asserted-Identity", SipHeaderId.PAssertedIdentity),
        ("Reason", SipHeaderId.Reason),
    ];

    public static SipHeaderId Identify(ReadOnlySpan<byte> name)
    {
        if (name.Length == 1)
        {
            return (name[0] | 0x20) switch
            {
                'i' => SipHeaderId.CallId,
                'f' => SipHeaderId.From,
                't' => SipHeaderId.To,
                'v' => SipHeaderId.Via,
                'l' => SipHeaderId.ContentLength,
                'c' => SipHeaderId.ContentType,
                'm' => SipHeaderId.Contact,
                'r' => SipHeaderId.ReferTo,
                'b' => SipHeaderId.ReferredBy,
                's' => SipHeaderId.Subject,
                'k' => SipHeaderId.Supported,
                'o' => SipHeaderId.Event,
                _ => SipHeaderId.Other,
            };
        }

        var first = name.IsEmpty ? 0 : name[0] | 0x20;
        foreach (var (candidate, id) in Long)
        {
            if (candidate.Length == name.Length && (candidate[0] | 0x20) == first && EqualsIgnoreCase(name, candidate))
            {
                return id;
            }
        }

        return SipHeaderId.Other;
    }

    /// <summary>The canonical long name, for printing.</summary>
    public static string? Canonical(SipHeaderId id) => id == SipHeaderId.Other ? null : Array.Find(Long, l => l.Id == id).Name;

    internal static bool EqualsIgnoreCase(ReadOnlySpan<byte> bytes, string ascii)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            var c = ascii[i];
            if (b != c && (b | 0x20) != (c | 0x20))
            {
                return false;
            }

            // '|0x20' equates '-' (0x2D) with nothing else, but also '@'/'`' style pairs: only letters may differ in case.
            if (b != c && !char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}
