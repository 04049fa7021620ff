namespace Middleware.Adapters.FastAgi.Protocol;

/// <summary>
/// Asterisk's answer to one AGI command (res_agi.c): <c>200 result=N [(data)] [endpos=N]</c> on
/// success, <c>510 Invalid or unknown command</c>, <c>511 Command Not Permitted on a dead channel</c>,
/// or a <c>520-</c> block with the command's usage ending in <c>520 End of proper usage.</c>.
/// </summary>
/// <param name="Text">The line after the code ("result=1 (timeout)", "Invalid or unknown command").</param>
/// <param name="Data">The text in parentheses: GET DATA's "(timeout)", GET VARIABLE's value.</param>
/// <param name="Usage">For 520: the usage lines between the first and last line.</param>
public sealed record AgiReply(int Code, int? Result, string? Data, long? Endpos, string Text, long Offset, IReadOnlyList<string>? Usage = null)
{
    public const int Success = 200;
    public const int InvalidCommand = 510;
    public const int DeadChannel = 511;
    public const int UsageError = 520;

    public bool IsSuccess => Code == Success;

    /// <summary>Parses "200 result=1 (timeout) endpos=1234"; null when the line is not a reply.</summary>
    public static AgiReply? Parse(ReadOnlySpan<char> line, long offset, IReadOnlyList<string>? usage = null)
    {
        if (line.Length < 3 || !char.IsAsciiDigit(line[0]) || !char.IsAsciiDigit(line[1]) || !char.IsAsciiDigit(line[2])
            || (line.Length > 3 && line[3] != ' ' && line[3] != '-'))
        {
            return null;
        }

        var code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
        var rest = line.Length > 4 ? line[4..] : [];
        var text = rest.ToString();
        if (!rest.StartsWith("result=", StringComparison.Ordinal))
        {
            // 200 always carries result=; other codes carry a message.
            return code == Success ? null : new AgiReply(code, null, null, null, text, offset, usage);
        }

        rest = rest["result=".Length..];
        var end = rest.IndexOf(' ');
        var number = end < 0 ? rest : rest[..end];
        // GET DATA's result is the digits themselves ("12*3", or nothing before " (timeout)"): not
        // always a number, so Result stays null and the text keeps them.
        int? result = int.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
        rest = end < 0 ? [] : rest[(end + 1)..];
        string? data = null;
        if (rest.StartsWith("(", StringComparison.Ordinal))
        {
            // A variable's value may itself hold parentheses: the data runs to the last ')'.
            var close = rest.LastIndexOf(')');
            if (close < 0)
            {
                return null;
            }

            data = rest[1..close].ToString();
            rest = rest[(close + 1)..].TrimStart(' ');
        }

        long? endpos = null;
        foreach (var range in rest.Split(' '))
        {
            var token = rest[range];
            if (token.StartsWith("endpos=", StringComparison.Ordinal)
                && long.TryParse(token["endpos=".Length..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var pos))
            {
                endpos = pos;
            }
        }

        return new AgiReply(code, result, data, endpos, text, offset, usage);
    }

    public override string ToString() => $"{Code} {Text}";
}
