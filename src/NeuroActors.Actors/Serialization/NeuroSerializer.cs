using System.Collections.Frozen;
using System.Reflection;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Akka.Actor;
using Akka.Serialization;
using NeuroActors.Domain.Conversation;

namespace NeuroActors.Actors.Serialization;

/// <summary>
/// The one serializer for everything that implements <see cref="INeuroMessage"/>: System.Text.Json payloads under the
/// stable manifest each type declares with <see cref="ManifestAttribute"/>. CLR names never reach the journal, so a rename
/// or a namespace move cannot break recovery.
/// </summary>
public sealed class NeuroSerializer : SerializerWithStringManifest
{
    public const int SerializerId = 4701;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Computed properties are derived from the stored ones; storing them too would only bloat the journal.
        IgnoreReadOnlyProperties = true,
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitNoOptions } },
    };

    private static readonly Lazy<ManifestRegistry> Registry = new(() => ManifestRegistry.Scan(typeof(INeuroMessage).Assembly));

    public NeuroSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => Registry.Value.ManifestOf(o.GetType());

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Json);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var type = Registry.Value.TypeOf(manifest);
        return JsonSerializer.Deserialize(bytes, type, Json)
               ?? throw new SerializationException($"Manifest '{manifest}' deserialized to null.");
    }

    /// <summary>
    /// Option choices are left out while empty, as they were before options existed: old payloads rewrite to themselves,
    /// and an order at the model's defaults costs the journal nothing.
    /// </summary>
    private static void OmitNoOptions(JsonTypeInfo typeInfo)
    {
        foreach (var property in typeInfo.Properties)
        {
            if (property.PropertyType == typeof(OptionChoices))
            {
                property.ShouldSerialize = (_, value) => value is OptionChoices { Count: > 0 };
            }
        }
    }

    /// <summary>The manifest map of every loaded assembly; exposed for the tests that prove every message round-trips.</summary>
    public static IReadOnlyDictionary<string, Type> KnownTypes => Registry.Value.ByManifest;
}

/// <summary>Maps manifests to types and back; built once by reflection. Every message lives in NeuroActors.Actors.</summary>
public sealed class ManifestRegistry
{
    private readonly FrozenDictionary<Type, string> _byType;

    private ManifestRegistry(FrozenDictionary<string, Type> byManifest, FrozenDictionary<Type, string> byType)
    {
        ByManifest = byManifest;
        _byType = byType;
    }

    public FrozenDictionary<string, Type> ByManifest { get; }

    public static ManifestRegistry Scan(Assembly assembly)
    {
        var byManifest = new Dictionary<string, Type>(StringComparer.Ordinal);
        var byType = new Dictionary<Type, string>();
        foreach (var type in assembly.GetTypes())
        {
            var manifest = type.GetCustomAttribute<ManifestAttribute>();
            if (manifest is null) continue;
            if (byManifest.TryGetValue(manifest.Name, out var other))
                throw new InvalidOperationException($"Manifest '{manifest.Name}' is declared by both {other.FullName} and {type.FullName}.");
            byManifest[manifest.Name] = type;
            byType[type] = manifest.Name;
        }

        return new ManifestRegistry(byManifest.ToFrozenDictionary(StringComparer.Ordinal), byType.ToFrozenDictionary());
    }

    public string ManifestOf(Type type) =>
        _byType.TryGetValue(type, out var manifest)
            ? manifest
            : throw new SerializationException($"{type.FullName} implements INeuroMessage but has no [Manifest]: give it a stable manifest.");

    public Type TypeOf(string manifest) =>
        ByManifest.TryGetValue(manifest, out var type)
            ? type
            : throw new SerializationException($"Unknown manifest '{manifest}': an event type was removed or renamed without keeping its manifest.");
}
