using System.Reflection;
using System.Text.Json.Serialization;
using Akka.Actor;
using NeuroActors.Actors.Serialization;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Credits;
using NeuroActors.Domain.Orders;

namespace NeuroActors.Tests.Serialization;

/// <summary>
/// Domain events reach the journal inside the user's wrapper events, told apart by the discriminators their base
/// records declare. A derived record without a discriminator would fail only when first persisted: these tests find it.
/// </summary>
public sealed class PolymorphicDomainTests
{
    public static TheoryData<string> PolymorphicBases() => new(typeof(ConversationEvent).FullName!, typeof(LedgerEvent).FullName!, typeof(OrderEvent).FullName!, typeof(ConversationStep).FullName!);

    [Theory]
    [MemberData(nameof(PolymorphicBases))]
    public void Every_concrete_record_of_a_persisted_domain_base_declares_a_discriminator(string baseName)
    {
        var baseType = typeof(ConversationEvent).Assembly.GetType(baseName)!;
        var declared = baseType.GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => a.DerivedType).ToHashSet();
        var concrete = baseType.Assembly.GetTypes().Where(t => !t.IsAbstract && baseType.IsAssignableFrom(t)).ToList();

        Assert.NotEmpty(concrete);
        Assert.All(concrete, t => Assert.Contains(t, declared));
        var discriminators = baseType.GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => a.TypeDiscriminator).ToList();
        Assert.Equal(discriminators.Count, discriminators.Distinct().Count());
    }

    [Fact]
    public void Every_domain_event_round_trips_inside_its_wrapper()
    {
        using var system = ActorSystem.Create("polymorphic");
        var serializer = new NeuroSerializer((ExtendedActorSystem)system);
        var wrappers = new (Type Base, Func<object, object> Wrap)[]
        {
            (typeof(ConversationEvent), e => new ConversationRecorded((ConversationEvent)e)),
            (typeof(LedgerEvent), e => new LedgerRecorded((LedgerEvent)e)),
            (typeof(OrderEvent), e => new OrderRecorded((OrderEvent)e)),
        };
        foreach (var (baseType, wrap) in wrappers)
        {
            foreach (var derived in baseType.GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => a.DerivedType))
            {
                var wrapped = wrap(SampleInstances.Create(derived));
                var back = serializer.FromBinary(serializer.ToBinary(wrapped), serializer.Manifest(wrapped));
                Assert.Equal(System.Text.Encoding.UTF8.GetString(serializer.ToBinary(wrapped)), System.Text.Encoding.UTF8.GetString(serializer.ToBinary(back)));
            }
        }
    }
}
