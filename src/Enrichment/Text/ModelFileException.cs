namespace Middleware.Enrichment.Text;

/// <summary>A model file that is missing, truncated or not a model: the message names the file and what was wrong.</summary>
public sealed class ModelFileException(string path, string problem, Exception? inner = null)
    : Exception($"model file {path}: {problem}", inner)
{
    public string Path { get; } = path;

    public string Problem { get; } = problem;
}
