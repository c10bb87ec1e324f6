using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json.Serialization;

namespace NeuroActors.Tests.Serialization;

/// <summary>
/// Builds an instance of any message type from its widest public constructor, with a distinct value per parameter,
/// so that every bound type can be round-tripped without hand-written samples.
/// </summary>
public static class SampleInstances
{
    public static object Create(Type type, int depth = 0)
    {
        if (depth > 9) throw new InvalidOperationException($"{type} nests too deeply to sample");
        if (type == typeof(string)) return "sample-" + depth;
        if (type == typeof(bool)) return true;
        if (type == typeof(byte)) return (byte)(42 + depth);
        if (type == typeof(short)) return (short)(3 + depth);
        if (type == typeof(float)) return 0.5f;
        if (type == typeof(int)) return 7 + depth;
        if (type == typeof(long)) return 4_200_000_000L + depth;
        if (type == typeof(double)) return 1.5;
        if (type == typeof(decimal)) return 2.25m;
        if (type == typeof(Guid)) return Guid.Parse("0b9d6f1e-5b1c-4d59-9b61-0d7f5b3c2a10");
        if (type == typeof(DateTimeOffset)) return new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        if (type == typeof(DateTime)) return new DateTime(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
        if (type == typeof(DateOnly)) return new DateOnly(2026, 11, 23);
        if (type == typeof(TimeSpan)) return TimeSpan.FromSeconds(42);
        if (type.IsEnum) return Enum.GetValues(type).GetValue(Enum.GetValues(type).Length - 1)!;
        if (Nullable.GetUnderlyingType(type) is { } inner) return Create(inner, depth + 1);
        if (type.IsArray) return MakeArray(type.GetElementType()!, depth);
        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            var args = type.GetGenericArguments();
            if (args.Length == 1 && (definition == typeof(IReadOnlyList<>) || definition == typeof(List<>) || definition == typeof(IList<>)
                                     || definition == typeof(IEnumerable<>) || definition == typeof(ICollection<>) || definition == typeof(IReadOnlyCollection<>)))
                return MakeList(args[0], depth);
            if (args.Length == 1 && (definition == typeof(ImmutableList<>) || definition == typeof(IImmutableList<>)))
                return typeof(ImmutableList).GetMethods().First(m => m.Name == "CreateRange").MakeGenericMethod(args[0]).Invoke(null, [MakeList(args[0], depth)])!;
            if (args.Length == 1 && definition == typeof(ImmutableQueue<>))
                return typeof(ImmutableQueue).GetMethods().First(m => m.Name == "CreateRange").MakeGenericMethod(args[0]).Invoke(null, [MakeList(args[0], depth)])!;
            if (args.Length == 1 && definition == typeof(ImmutableHashSet<>))
                return typeof(ImmutableHashSet).GetMethods().First(m => m.Name == "CreateRange" && m.GetParameters().Length == 1).MakeGenericMethod(args[0]).Invoke(null, [MakeList(args[0], depth)])!;
            if (args.Length == 1 && (definition == typeof(HashSet<>) || definition == typeof(ISet<>) || definition == typeof(IReadOnlySet<>)))
                return Activator.CreateInstance(typeof(HashSet<>).MakeGenericType(args[0]), MakeList(args[0], depth))!;
            if (args.Length == 2 && (definition == typeof(Dictionary<,>) || definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(IDictionary<,>)
                                     || definition == typeof(ImmutableDictionary<,>) || definition == typeof(IImmutableDictionary<,>)))
            {
                var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(args))!;
                dictionary.Add(Create(args[0], depth + 1), Create(args[1], depth + 1));
                if (definition == typeof(ImmutableDictionary<,>) || definition == typeof(IImmutableDictionary<,>))
                    return typeof(ImmutableDictionary).GetMethods().First(m => m.Name == "CreateRange" && m.GetParameters().Length == 1)
                        .MakeGenericMethod(args).Invoke(null, [dictionary])!;
                return dictionary;
            }
        }

        if (type.IsAbstract)
        {
            // A polymorphic base: sample its richest declared derived type (what the journal may hold under it).
            var derived = type.GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => a.DerivedType)
                              .OrderByDescending(t => t.GetConstructors().Max(c => (int?)c.GetParameters().Length) ?? 0).FirstOrDefault()
                          ?? throw new InvalidOperationException($"{type} is abstract and declares no [JsonDerivedType] to sample");
            return Create(derived, depth);
        }

        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
                          ?? throw new InvalidOperationException($"{type} has no public constructor to sample");
        return constructor.Invoke(constructor.GetParameters().Select(p => Create(p.ParameterType, depth + 1)).ToArray());
    }

    private static IList MakeList(Type element, int depth)
    {
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        list.Add(Create(element, depth + 1));
        return list;
    }

    private static Array MakeArray(Type element, int depth)
    {
        var array = Array.CreateInstance(element, 1);
        array.SetValue(Create(element, depth + 1), 0);
        return array;
    }
}
