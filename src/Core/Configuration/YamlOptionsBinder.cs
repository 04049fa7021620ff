using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Middleware.Core.Configuration;

/// <summary>
/// Binds a YAML document onto typed options, keeping the line of every key so that each problem
/// (unknown key, wrong type, missing value, bad <c>${ENV:...}</c>, failed validation) is reported
/// as file:line:column: key.path: message. Keys are snake_case; dictionary keys are data and kept as written.
/// </summary>
public sealed class YamlOptionsBinder
{
    private readonly string _file;
    private readonly Func<string, string?> _environment;
    private readonly List<ConfigError> _errors = [];
    private readonly Dictionary<string, Mark> _marks = new(StringComparer.Ordinal);

    private YamlOptionsBinder(string file, Func<string, string?> environment)
    {
        _file = file;
        _environment = environment;
    }

    public static T LoadFile<T>(string path, Func<string, string?>? environment = null)
        where T : class, new() => LoadFileLocated<T>(path, environment).Value;

    public static T Parse<T>(string yaml, string file, Func<string, string?>? environment = null)
        where T : class, new() => ParseLocated<T>(yaml, file, environment).Value;

    /// <summary>Also returns where each key path (e.g. "sources.ami[0].name") sits, for checks made after binding.</summary>
    public static ConfigDocument<T> LoadFileLocated<T>(string path, Func<string, string?>? environment = null)
        where T : class, new()
    {
        if (!File.Exists(path))
        {
            throw new ConfigException([new ConfigError(path, 0, 0, "", Directory.Exists(path) ? "is a directory, not a config file" : "config file not found")]);
        }

        var yaml = File.ReadAllText(path);
        if (IsEmpty(yaml))
        {
            // Every default would apply and nothing be connected: almost surely the wrong file.
            throw new ConfigException([new ConfigError(path, 0, 0, "", "the config file is empty (start from config/middleware.sample.yaml)")]);
        }

        return ParseLocated<T>(yaml, path, environment);
    }

    public static ConfigDocument<T> ParseLocated<T>(string yaml, string file, Func<string, string?>? environment = null)
        where T : class, new()
    {
        var binder = new YamlOptionsBinder(file, environment ?? Environment.GetEnvironmentVariable);
        var result = binder.BindDocument<T>(yaml);
        if (binder._errors.Count > 0)
        {
            throw new ConfigException(binder._errors);
        }

        var marks = binder._marks.ToDictionary(p => p.Key, p => ((int)p.Value.Line, (int)p.Value.Column), StringComparer.Ordinal);
        return new ConfigDocument<T>(result, file, marks);
    }

    private T BindDocument<T>(string yaml)
        where T : class, new()
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            _errors.Add(new ConfigError(_file, (int)ex.Start.Line, (int)ex.Start.Column, "", "YAML syntax: " + (ex.InnerException?.Message ?? ex.Message)));
            return new T();
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            var empty = new T();
            Validate(empty, "", new Mark());
            return empty;
        }

        var root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode mapping)
        {
            Error(root.Start, "", "the config must be a mapping of keys to values");
            return new T();
        }

        return (T)BindObject(typeof(T), mapping, "");
    }

    private object BindObject(Type type, YamlMappingNode node, string path)
    {
        var ctor = type.GetConstructor(Type.EmptyTypes);
        if (ctor is null)
        {
            return BindRecord(type, node, path);
        }

        var target = ctor.Invoke(null);
        var properties = Settable(type);
        foreach (var (keyNode, valueNode) in node.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            var keyPath = Join(path, key);
            _marks[keyPath] = keyNode.Start;
            if (!properties.TryGetValue(Normalize(key), out var property))
            {
                Error(keyNode.Start, keyPath, UnknownKey(key, properties.Values));
                continue;
            }

            if (BindValue(property.PropertyType, valueNode, keyPath, out var value))
            {
                property.SetValue(target, value);
            }
        }

        Validate(target, path, node.Start);
        return target;
    }

    /// <summary>Positional records (no parameterless constructor): keys bind to constructor parameters.</summary>
    private object BindRecord(Type type, YamlMappingNode node, string path)
    {
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var parameters = ctor.GetParameters();
        var args = parameters.Select(p => p.HasDefaultValue ? p.DefaultValue : null).ToArray();
        var given = new bool[parameters.Length];
        foreach (var (keyNode, valueNode) in node.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            var keyPath = Join(path, key);
            _marks[keyPath] = keyNode.Start;
            var index = Array.FindIndex(parameters, p => Normalize(p.Name!) == Normalize(key));
            if (index < 0)
            {
                Error(keyNode.Start, keyPath, $"unknown key '{key}'; expected one of {string.Join(", ", parameters.Select(p => ScalarParser.Snake(Pascal(p.Name!))))}");
                continue;
            }

            given[index] = BindValue(parameters[index].ParameterType, valueNode, keyPath, out args[index]);
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            if (!given[i] && !parameters[i].HasDefaultValue)
            {
                Error(node.Start, Join(path, ScalarParser.Snake(Pascal(parameters[i].Name!))), "required value is missing");
                return RuntimeDefault(type, parameters);
            }
        }

        return ctor.Invoke(args);
    }

    private bool BindValue(Type type, YamlNode node, string path, out object? value)
    {
        value = null;
        var underlying = Nullable.GetUnderlyingType(type);
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "~" or "null" } && (underlying is not null || !type.IsValueType))
        {
            return true;
        }

        type = underlying ?? type;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            if (node is not YamlSequenceNode sequence)
            {
                Error(node.Start, path, "expected a list");
                return false;
            }

            var itemType = type.GetGenericArguments()[0];
            var list = (IList)Activator.CreateInstance(type)!;
            var i = 0;
            foreach (var item in sequence.Children)
            {
                _marks[$"{path}[{i}]"] = item.Start;
                if (BindValue(itemType, item, $"{path}[{i++}]", out var element))
                {
                    list.Add(element);
                }
            }

            value = list;
            return true;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            if (node is not YamlMappingNode map)
            {
                Error(node.Start, path, "expected a mapping");
                return false;
            }

            var valueType = type.GetGenericArguments()[1];
            var dictionary = (IDictionary)Activator.CreateInstance(type, StringComparer.Ordinal)!;
            foreach (var (k, v) in map.Children)
            {
                var key = ((YamlScalarNode)k).Value ?? "";
                _marks[Join(path, key)] = k.Start;
                if (BindValue(valueType, v, Join(path, key), out var element))
                {
                    dictionary[key] = element;
                }
            }

            value = dictionary;
            return true;
        }

        if (node is YamlScalarNode scalar)
        {
            var text = EnvSubstitution.Apply(scalar.Value ?? "", _environment, out var envError);
            if (text is null)
            {
                Error(node.Start, path, envError!);
                return false;
            }

            if (ScalarParser.TryParse(type, text, out value, out var expected))
            {
                return true;
            }

            // Never echo the value: it may have come from a secret.
            Error(node.Start, path, type.IsClass && type != typeof(string) ? "expected a mapping" : $"expected {expected}");
            return false;
        }

        if (node is YamlMappingNode mapping && type.IsClass && type != typeof(string))
        {
            value = BindObject(type, mapping, path);
            return true;
        }

        Error(node.Start, path, $"expected {(type.IsClass && type != typeof(string) ? "a mapping" : "a single value")}");
        return false;
    }

    private void Validate(object target, string path, Mark parentMark)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(target, new ValidationContext(target), results, validateAllProperties: true);
        foreach (var result in results)
        {
            foreach (var member in result.MemberNames.DefaultIfEmpty(""))
            {
                var keyPath = member.Length == 0 ? path : Join(path, ScalarParser.Snake(member));
                if (_errors.Any(e => e.Key == keyPath))
                {
                    continue; // already reported where it was read (an unset ${ENV:...} also leaves the value missing)
                }

                var mark = _marks.GetValueOrDefault(keyPath, parentMark);
                Error(mark, keyPath, result.ErrorMessage ?? "invalid value");
            }
        }
    }

    private void Error(Mark mark, string path, string message) =>
        _errors.Add(new ConfigError(_file, (int)mark.Line, (int)mark.Column, path, message));

    /// <summary>Only comments and blank lines (or nothing): no key at all.</summary>
    private static bool IsEmpty(string yaml) =>
        yaml.Split('\n').All(line => line.TrimStart().Length == 0 || line.TrimStart().StartsWith('#'));

    private static string UnknownKey(string key, IEnumerable<PropertyInfo> known)
    {
        var names = known.Select(p => ScalarParser.Snake(p.Name)).ToList();
        var closest = names.OrderBy(n => Distance(n, key)).FirstOrDefault();
        var hint = closest is not null && Distance(closest, key) <= Math.Max(2, key.Length / 3) ? $"; did you mean '{closest}'?" : "";
        return $"unknown key '{key}'{hint} (known: {string.Join(", ", names)})";
    }

    private static Dictionary<string, PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic)
            .ToDictionary(p => Normalize(p.Name), StringComparer.Ordinal);

    private static object RuntimeDefault(Type type, ParameterInfo[] parameters) =>
        Activator.CreateInstance(type, parameters.Select(p => p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null).ToArray())!;

    private static string Normalize(string name) => name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    private static string Pascal(string name) => char.ToUpperInvariant(name[0]) + name[1..];

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }

        return d[a.Length, b.Length];
    }
}
