namespace Middleware.Core.Configuration;

/// <summary>One problem in a config file, located so an integrator can go straight to it.</summary>
public sealed record ConfigError(string File, int Line, int Column, string Key, string Message)
{
    /// <summary>file:line:column: key: message; a problem with the file as a whole has no line (not "file:0:0").</summary>
    public override string ToString() => $"{File}{(Line > 0 ? $":{Line}:{Column}" : "")}: {(Key.Length == 0 ? "" : Key + ": ")}{Message}";
}

/// <summary>The config could not be loaded; every problem found is listed, not just the first.</summary>
public sealed class ConfigException(IReadOnlyList<ConfigError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<ConfigError> Errors { get; } = errors;
}
