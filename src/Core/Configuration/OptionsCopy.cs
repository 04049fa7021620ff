using System.Collections;
using System.Reflection;

namespace Middleware.Core.Configuration;

/// <summary>
/// The one way a component takes its own copy of the options it is given, so that later edits by
/// the caller (a test, a config reload) never change a running component. It copies what
/// <see cref="YamlOptionsBinder"/> binds: every public settable property, nested options classes
/// and List/Dictionary/HashSet values (keeping their comparers) copied in turn. Values with no
/// public parameterless constructor (records such as KindPolicy, Uri, Regex) are immutable and shared.
/// A new property needs no copy code, which is what hand-written Clone methods kept forgetting.
/// </summary>
public static class OptionsCopy
{
    public static T Of<T>(T options)
        where T : class => (T)Copy(options);

    private static object Copy(object value)
    {
        var type = value.GetType();
        if (type.IsValueType || value is string)
        {
            return value;
        }

        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(List<>))
            {
                var list = (IList)Activator.CreateInstance(type, ((ICollection)value).Count)!;
                foreach (var item in (IList)value)
                {
                    list.Add(CopyOrNull(item));
                }

                return list;
            }

            if (definition == typeof(Dictionary<,>))
            {
                var dictionary = (IDictionary)Activator.CreateInstance(type, type.GetProperty("Comparer")!.GetValue(value))!;
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    dictionary.Add(entry.Key, CopyOrNull(entry.Value));
                }

                return dictionary;
            }

            if (definition == typeof(HashSet<>))
            {
                // Set elements are keys: immutable by contract, shared.
                var comparer = type.GetProperty("Comparer")!.GetValue(value);
                return Activator.CreateInstance(type, value, comparer)!;
            }
        }

        if (type.GetConstructor(Type.EmptyTypes) is not { } constructor)
        {
            return value;
        }

        var copy = constructor.Invoke(null);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.CanRead && property.GetMethod!.IsPublic && property.SetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0)
            {
                property.SetValue(copy, CopyOrNull(property.GetValue(value)));
            }
        }

        return copy;
    }

    private static object? CopyOrNull(object? value) => value is null ? null : Copy(value);
}
