using Microsoft.Extensions.Configuration;
using NeuroActors.Actors.Catalog;
using NeuroActors.Domain.Catalog;

namespace NeuroActors.Benchmarks;

/// <summary>The real catalogue, loaded as the Host loads it (<c>CatalogOptions.From</c> then <c>CatalogServices.FromOptions</c>).</summary>
public static class BenchmarkCatalog
{
    /// <summary>The Host's default <c>Catalog:FilePath</c>: catalog/models.yaml copied beside the binaries.</summary>
    public static CatalogOptions Options { get; } = CatalogOptions.From(new ConfigurationBuilder().Build());

    public static CatalogSnapshot Load()
    {
        using var services = CatalogServices.FromOptions(Options);
        return services.Holder.Current;
    }

    /// <summary>The conversation's model menu over a snapshot, as the node builds it.</summary>
    public static CatalogMenu Menu(CatalogSnapshot snapshot) => CatalogMenu.From(snapshot);
}
