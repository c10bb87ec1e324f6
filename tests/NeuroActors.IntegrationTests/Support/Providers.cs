namespace NeuroActors.IntegrationTests.Support;

/// <summary>Theory data: every test that touches storage runs on the embedded default and on PostgreSQL.</summary>
public static class Providers
{
    public static TheoryData<string> Both => new() { "sqlite", "postgres" };
}
