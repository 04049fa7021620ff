using System.Reflection;
using Middleware.Core.Configuration;
using Middleware.Host.Configuration;

namespace Middleware.Host.Tests.Cli;

public class SampleConfigTests
{
    [Fact]
    public void The_sample_config_documents_every_key_there_is()
    {
        var sample = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "config", "middleware.sample.yaml"));
        var missing = Keys(typeof(MiddlewareConfig), "").Where(k => !sample.Contains(k.Split('.')[^1] + ":", StringComparison.Ordinal)).ToList();

        Assert.True(missing.Count == 0, "undocumented keys: " + string.Join(", ", missing));
    }

    private static IEnumerable<string> Keys(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = prefix + Snake(property.Name);
            yield return key;
            var t = property.PropertyType;
            var element = t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>) ? t.GetGenericArguments()[0] : t;
            if (element.IsClass && element != typeof(string) && !element.IsGenericType && element.Namespace?.StartsWith("Middleware", StringComparison.Ordinal) == true)
            {
                foreach (var nested in Keys(element, key + "."))
                {
                    yield return nested;
                }
            }
        }
    }

    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    [Fact]
    public void The_sample_binds_to_the_documented_defaults()
    {
        var config = YamlOptionsBinder.LoadFile<MiddlewareConfig>(Path.Combine(AppContext.BaseDirectory, "config", "middleware.sample.yaml"), n => n switch { "AMI_SECRET" => "s", "MW_API_KEY" => "0123456789abcdef0123", _ => null });
        Assert.Equal("pbx-main", Assert.Single(config.Sources.Ami).Name);
        Assert.Equal(Core.WriteBack.WriteBackMode.Observe, config.WriteBack.Mode);
    }
}
