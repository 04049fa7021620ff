using Middleware.Enrichment.Text;

namespace Middleware.Enrichment.Tests.Text;

/// <summary>The models under models/ (copied beside the tests) and the shared data they were trained from.</summary>
internal static class ShippedModels
{
    private static readonly Dictionary<string, TextClassifier> Cache = [];

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "models");

    public static TextClassifier Load(string task, string language)
    {
        lock (Cache)
        {
            var name = $"{task}-{language}.model";
            if (!Cache.TryGetValue(name, out var model))
            {
                Cache[name] = model = ModelFile.Load(Path.Combine(Directory, name));
            }

            return model;
        }
    }

    public static ModelSet All()
    {
        var set = new ModelSet();
        foreach (var task in new[] { "sentiment", "emotion", "intent" })
        {
            foreach (var language in new[] { TextLanguage.Zh, TextLanguage.En })
            {
                set.Add(task, language, Load(task, language.Code()));
            }
        }

        return set;
    }

    /// <summary>../shared/data beside the repository (CI lays a copy there too).</summary>
    public static string Data(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Middleware.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", relative));
        Assert.True(File.Exists(path), $"shared data file missing: {path}");
        return path;
    }
}
