namespace Middleware.Adapters.SipMirror.Sdp;

/// <summary>
/// Reads c=, o=, m=, a=rtpmap, a=ptime and direction attributes, session- and media-level. Lines
/// it does not use are skipped; a malformed line it needs is an error naming the line.
/// </summary>
public static class SdpParser
{
    public static SdpSession? Parse(ReadOnlySpan<byte> body, out string? error)
    {
        error = null;
        string? origin = null, sessionConnection = null;
        var sessionDirection = SdpDirection.SendRecv;
        var media = new List<MediaBuilder>();
        var lineNumber = 0;
        foreach (var range in body.Split((byte)'\n'))
        {
            lineNumber++;
            var line = Encoding.UTF8.GetString(body[range]).TrimEnd('\r');
            if (line.Length < 2 || line[1] != '=')
            {
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                error = $"SDP line {lineNumber} '{line}' is not type=value";
                return null;
            }

            var value = line[2..];
            var current = media.Count > 0 ? media[^1] : null;
            switch (line[0])
            {
                case 'o':
                    var o = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    origin = o.Length >= 6 ? o[5] : null;
                    break;
                case 'c':
                    var c = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (c.Length < 3 || c[0] != "IN")
                    {
                        error = $"SDP line {lineNumber}: c= '{value}' is not 'IN IP4|IP6 address'";
                        return null;
                    }

                    var address = c[2].Split('/')[0]; // multicast TTL suffix
                    if (current is null)
                    {
                        sessionConnection = address;
                    }
                    else
                    {
                        current.Connection = address;
                    }

                    break;
                case 'm':
                    var m = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (m.Length < 3 || !int.TryParse(m[1].Split('/')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
                    {
                        error = $"SDP line {lineNumber}: m= '{value}' is not 'media port proto formats'";
                        return null;
                    }

                    var formats = new List<int>();
                    foreach (var f in m.Skip(3))
                    {
                        if (int.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out var pt) && pt < 128)
                        {
                            formats.Add(pt);
                        }
                    }

                    media.Add(new MediaBuilder(m[0], port, m[2], formats));
                    break;
                case 'a':
                    if (Attribute(value, current, ref sessionDirection, lineNumber, out error) is false)
                    {
                        return null;
                    }

                    break;
            }
        }

        return new SdpSession(origin, sessionConnection, media.Select(b => b.Build(sessionConnection, sessionDirection)).ToList());
    }

    private static bool Attribute(string value, MediaBuilder? current, ref SdpDirection sessionDirection, int lineNumber, out string? error)
    {
        error = null;
        SdpDirection? direction = value switch
        {
            "sendrecv" => SdpDirection.SendRecv,
            "sendonly" => SdpDirection.SendOnly,
            "recvonly" => SdpDirection.RecvOnly,
            "inactive" => SdpDirection.Inactive,
            _ => null,
        };
        if (direction is { } d)
        {
            if (current is null)
            {
                sessionDirection = d;
            }
            else
            {
                current.Direction = d;
            }

            return true;
        }

        if (current is null)
        {
            return true;
        }

        if (value.StartsWith("rtpmap:", StringComparison.Ordinal))
        {
            var space = value.IndexOf(' ');
            var parts = space < 0 ? [] : value[(space + 1)..].Split('/');
            if (space < 0 || !int.TryParse(value.AsSpan(7, space - 7), NumberStyles.None, CultureInfo.InvariantCulture, out var pt)
                || parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var clock))
            {
                error = $"SDP line {lineNumber}: a={value} is not 'rtpmap:PT encoding/clock'";
                return false;
            }

            var channels = parts.Length > 2 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ch) ? ch : 1;
            current.RtpMaps[pt] = new SdpRtpMap(pt, parts[0], clock, channels);
        }
        else if (value.StartsWith("ptime:", StringComparison.Ordinal) && int.TryParse(value.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var ptime))
        {
            current.Ptime = ptime;
        }

        return true;
    }

    private sealed class MediaBuilder(string type, int port, string protocol, List<int> formats)
    {
        public string? Connection { get; set; }

        public SdpDirection? Direction { get; set; }

        public int? Ptime { get; set; }

        public Dictionary<int, SdpRtpMap> RtpMaps { get; } = [];

        public SdpMedia Build(string? sessionConnection, SdpDirection sessionDirection) =>
            new(type, port, protocol, formats, Connection ?? sessionConnection, RtpMaps, Ptime, Direction ?? sessionDirection);
    }
}
