namespace Middleware.Core.Configuration;

/// <summary>Bound options plus where each key was written, so later checks can point at the line.</summary>
public sealed class ConfigDocument<T>(T value, string file, IReadOnlyDictionary<string, (int Line, int Column)> positions)
{
    public T Value { get; } = value;

    public string File { get; } = file;

    /// <summary>An error at a key path; falls back to its closest written parent, then the top of the file.</summary>
    public ConfigError ErrorAt(string keyPath, string message)
    {
        for (var path = keyPath; path.Length > 0; path = Parent(path))
        {
            if (positions.TryGetValue(path, out var at))
            {
                return new ConfigError(File, at.Line, at.Column, keyPath, message);
            }
        }

        return new ConfigError(File, 1, 1, keyPath, message);
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }
}
