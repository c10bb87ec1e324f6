using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using NeuroActors.Actors.Serialization;

namespace NeuroActors.Tests.Serialization;

/// <summary>
/// Payloads written by earlier builds (golden-events.json, checked in) must still deserialize: a renamed type, a renamed
/// or removed property, or a changed manifest breaks recovery of real journals, and this test says so first.
/// Every persisted type (events and snapshot states) needs an entry: when you add one, run the tests once with
/// NEUROACTORS_WRITE_GOLDEN=1 to append it, and check the file in.
/// </summary>
public sealed class GoldenEventTests
{
    private static readonly string GoldenPath = Path.Combine(SourceDirectory(), "golden-events.json");

    [Fact]
    public void Payloads_stored_by_earlier_builds_still_deserialize_to_the_same_data()
    {
        var golden = ReadGolden();
        Assert.NotEmpty(golden);
        using var system = ActorSystem.Create("golden");
        var serializer = new NeuroSerializer((ExtendedActorSystem)system);
        foreach (var (manifest, payload) in golden)
        {
            var stored = Encoding.UTF8.GetBytes(payload.ToJsonString());
            var recovered = serializer.FromBinary(stored, manifest);
            var rewritten = JsonNode.Parse(serializer.ToBinary(recovered))!;
            Assert.True(JsonNode.DeepEquals(payload, rewritten), $"{manifest}: stored {payload.ToJsonString()} came back as {rewritten.ToJsonString()}");
        }
    }

    [Fact]
    public void Every_persisted_type_has_a_golden_payload()
    {
        var golden = ReadGolden();
        var persisted = NeuroSerializer.KnownTypes.Where(kv => IsPersisted(kv.Value)).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToArray();
        var missing = persisted.Where(m => !golden.ContainsKey(m)).ToArray();
        if (missing.Length > 0 && Environment.GetEnvironmentVariable("NEUROACTORS_WRITE_GOLDEN") == "1")
        {
            AppendGolden(golden, missing);
            return;
        }

        Assert.True(missing.Length == 0, "No golden payload for: " + string.Join(", ", missing) + ". Run the tests with NEUROACTORS_WRITE_GOLDEN=1 once and commit golden-events.json.");
    }

    /// <summary>Events and snapshot states reach the journal; commands and replies only cross the wire.</summary>
    private static bool IsPersisted(Type type) =>
        typeof(ISnapshotState).IsAssignableFrom(type) || type.GetInterfaces().Any(i => i.Name.EndsWith("Event", StringComparison.Ordinal));

    private static SortedDictionary<string, JsonNode> ReadGolden()
    {
        var result = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        if (!File.Exists(GoldenPath)) return result;
        foreach (var (key, value) in JsonNode.Parse(File.ReadAllText(GoldenPath))!.AsObject()) result[key] = value!.DeepClone();
        return result;
    }

    private static void AppendGolden(SortedDictionary<string, JsonNode> golden, IEnumerable<string> manifests)
    {
        using var system = ActorSystem.Create("golden-writer");
        var serializer = new NeuroSerializer((ExtendedActorSystem)system);
        foreach (var manifest in manifests)
            golden[manifest] = JsonNode.Parse(serializer.ToBinary(SampleInstances.Create(NeuroSerializer.KnownTypes[manifest])))!;
        var file = new JsonObject();
        foreach (var (key, value) in golden) file[key] = value.DeepClone();
        File.WriteAllText(GoldenPath, file.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
