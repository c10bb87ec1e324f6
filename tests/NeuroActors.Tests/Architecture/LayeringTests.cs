using System.Reflection;
using NeuroActors.Actors.Serialization;
using NeuroActors.Domain.Catalog;
using NeuroActors.Kie;
using NeuroActors.Telegram;

namespace NeuroActors.Tests.Architecture;

/// <summary>The rules of "Where things are" in the README, read from the compiled assemblies' references.</summary>
public sealed class LayeringTests
{
    private static string[] References(Assembly assembly) => assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

    private static void AssertNoneStartsWith(Assembly assembly, params string[] forbidden)
    {
        var offending = References(assembly).Where(name => forbidden.Any(f => name.StartsWith(f, StringComparison.Ordinal))).ToArray();
        Assert.True(offending.Length == 0, $"{assembly.GetName().Name} references {string.Join(", ", offending)}");
    }

    [Fact]
    public void The_domain_references_no_akka_no_aspnet_no_http_and_no_other_project()
    {
        var domain = typeof(CatalogSnapshot).Assembly;
        AssertNoneStartsWith(domain, "Akka", "Microsoft.AspNetCore", "Microsoft.Extensions", "System.Net.Http", "Telegram.Bot", "NeuroActors.");
    }

    [Fact]
    public void The_actors_know_the_telegram_ports_but_not_the_telegram_library()
    {
        AssertNoneStartsWith(typeof(INeuroMessage).Assembly, "Telegram.Bot", "NeuroActors.Telegram", "NeuroActors.Host", "Microsoft.AspNetCore");
    }

    [Fact]
    public void The_telegram_adapter_knows_no_actors()
    {
        AssertNoneStartsWith(typeof(UpdateMapper).Assembly, "Akka", "NeuroActors.Actors", "NeuroActors.Kie", "NeuroActors.Host", "Microsoft.AspNetCore");
    }

    [Fact]
    public void The_kie_client_knows_no_actors_and_no_telegram()
    {
        AssertNoneStartsWith(typeof(KieOptions).Assembly, "Akka", "NeuroActors.Actors", "NeuroActors.Telegram", "NeuroActors.Host", "Telegram.Bot");
    }
}
