using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using NeuroActors.Actors.Serialization;

namespace NeuroActors.Tests.Serialization;

public sealed class SerializerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("serialization", ConfigurationFactory.ParseString("""
        akka.actor {
          serializers.neuro = "NeuroActors.Actors.Serialization.NeuroSerializer, NeuroActors.Actors"
          serialization-bindings { "NeuroActors.Actors.Serialization.INeuroMessage, NeuroActors.Actors" = neuro }
          serialization-identifiers { "NeuroActors.Actors.Serialization.NeuroSerializer, NeuroActors.Actors" = 4701 }
        }
        """));

    public static TheoryData<string> MessageTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in AllMessageTypes()) data.Add(type.FullName!);
        return data;
    }

    private static IEnumerable<Type> AllMessageTypes() =>
        typeof(INeuroMessage).Assembly.GetTypes()
            .Where(t => typeof(INeuroMessage).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    [Fact]
    public void Every_type_that_implements_the_marker_declares_a_manifest()
    {
        var missing = AllMessageTypes().Where(t => !NeuroSerializer.KnownTypes.Values.Contains(t)).Select(t => t.FullName).ToArray();
        Assert.True(missing.Length == 0, "Give these types a [Manifest(\"...\")]: " + string.Join(", ", missing));
    }

    [Fact]
    public void No_manifest_is_attached_to_a_type_outside_the_marker()
    {
        var stray = NeuroSerializer.KnownTypes.Where(kv => !typeof(INeuroMessage).IsAssignableFrom(kv.Value)).Select(kv => kv.Key).ToArray();
        Assert.Empty(stray);
    }

    [Theory]
    [MemberData(nameof(MessageTypes))]
    public void Every_bound_type_round_trips_through_the_serializer_akka_picks_for_it(string typeName)
    {
        var type = typeof(INeuroMessage).Assembly.GetType(typeName)!;
        var sample = SampleInstances.Create(type);

        var serializer = _system.Serialization.FindSerializerFor(sample);
        Assert.IsType<NeuroSerializer>(serializer);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, sample);
        var bytes = serializer.ToBinary(sample);
        var back = _system.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        Assert.IsType(type, back);
        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(serializer.ToBinary(back)));
    }

    [Fact]
    public void An_unknown_manifest_fails_with_a_message_that_names_it()
    {
        var serializer = (SerializerWithStringManifest)_system.Serialization.FindSerializerForType(typeof(INeuroMessage));
        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary("{}"u8.ToArray(), "no-such-thing.v1"));
        Assert.Contains("no-such-thing.v1", error.Message);
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));
}
