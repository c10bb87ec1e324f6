using Akka.Configuration;

namespace NeuroActors.Actors.Hosting;

/// <summary>The files of hocon/, embedded in this assembly so every host (node, tests, benchmarks) reads the same settings.</summary>
public static class HoconResources
{
    public static Config Load(string fileName)
    {
        using var stream = typeof(HoconResources).Assembly.GetManifestResourceStream("hocon." + fileName)
                           ?? throw new InvalidOperationException($"hocon/{fileName} is not embedded in NeuroActors.Actors.");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
