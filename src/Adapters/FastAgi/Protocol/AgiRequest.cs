namespace Middleware.Adapters.FastAgi.Protocol;

/// <summary>
/// The variable block Asterisk sends when a dialplan runs <c>AGI(agi://host[:port]/script?args,arg1,...)</c>
/// (res_agi.c setup_env and launch_netscript): <c>agi_network: yes</c>, <c>agi_network_script</c>,
/// <c>agi_request</c> (the whole URL), the channel, caller id, dialplan position, <c>agi_enhanced</c>,
/// and <c>agi_arg_N</c> for each extra argument.
/// </summary>
public sealed class AgiRequest
{
    private readonly Dictionary<string, string> _variables;

    public AgiRequest(IReadOnlyList<KeyValuePair<string, string>> variables)
    {
        Variables = variables;
        _variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in variables)
        {
            _variables.TryAdd(key, value);
        }

        // agi_network_script carries what follows the host ("ivr?lang=zh"); older or proxied
        // sessions may only have agi_request ("agi://127.0.0.1:4573/ivr?lang=zh").
        var script = this["agi_network_script"] ?? PathOf(this["agi_request"]);
        var question = script.IndexOf('?', StringComparison.Ordinal);
        Script = (question < 0 ? script : script[..question]).Trim('/');
        var arguments = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (question >= 0)
        {
            foreach (var pair in script[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var key = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
                arguments[key] = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            }
        }

        foreach (var (key, value) in variables)
        {
            if (key.StartsWith("agi_arg_", StringComparison.Ordinal))
            {
                arguments[key["agi_arg_".Length..]] = value;
            }
        }

        Arguments = arguments;
    }

    /// <summary>Every line of the block, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Variables { get; }

    public string? this[string name] => _variables.GetValueOrDefault(name);

    /// <summary>The script name: "ivr" for agi://host/ivr?lang=zh.</summary>
    public string Script { get; }

    /// <summary>Query arguments and positional arguments (agi_arg_1 as "1").</summary>
    public IReadOnlyDictionary<string, string> Arguments { get; }

    public string Channel => this["agi_channel"] ?? "";

    public string Uniqueid => this["agi_uniqueid"] ?? "";

    /// <summary>The caller's number; Asterisk writes "unknown" when there is none.</summary>
    public string CallerId => this["agi_callerid"] is { } c && c != "unknown" ? c : "";

    public string? CallerIdName => this["agi_calleridname"] is { } n && n != "unknown" ? n : null;

    public string Language => Arguments.GetValueOrDefault("lang") ?? this["agi_language"] ?? "en";

    public string? Context => this["agi_context"];

    public string? Extension => this["agi_extension"];

    public int? Priority => int.TryParse(this["agi_priority"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : null;

    /// <summary>EAGI (audio on fd 3): "1.0"; FastAGI sessions say "0.0".</summary>
    public bool Enhanced => this["agi_enhanced"] is { } e && e != "0.0" && e != "0";

    public bool Network => this["agi_network"] == "yes";

    private static string PathOf(string? url)
    {
        if (url is null || !url.StartsWith("agi://", StringComparison.OrdinalIgnoreCase))
        {
            return "";
        }

        var slash = url.IndexOf('/', "agi://".Length);
        return slash < 0 ? "" : url[(slash + 1)..];
    }
}
