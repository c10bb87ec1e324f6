using NeuroActors.Domain.Configuration;

namespace NeuroActors.Host.Operator;

/// <summary>
/// The operator API of a node: JSON over HTTP under <see cref="Prefix"/>, guarded by <see cref="OperatorAccess"/>,
/// the server side of neuroctl. Each area (cluster, users, jobs, catalogue, keys, housekeeping, logging) maps its routes
/// in a file of its own beside this one.
/// </summary>
public static class OperatorApi
{
    public const string Prefix = "/operator/v1";

    public static IServiceCollection AddOperatorApi(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = OperatorSettings.From(new SettingReader(key => configuration[key]));
        services.AddSingleton(settings);
        services.AddSingleton(sp => new OperatorAccess(settings, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }

    public static IEndpointRouteBuilder MapOperatorApi(this IEndpointRouteBuilder endpoints)
    {
        var access = endpoints.ServiceProvider.GetRequiredService<OperatorAccess>();
        var api = endpoints.MapGroup(Prefix).AddEndpointFilter(access.CheckAsync);
        api.MapGet("/ping", () => Results.Ok(new { ok = true }));
        HealthOperations.MapHealthOperations(api);
        ClusterOperations.MapClusterOperations(api);
        ShardingOperations.MapShardingOperations(api);
        CatalogOperations.MapCatalogOperations(api);
        KeysOperations.MapKeysOperations(api);
        LoggingOperations.MapLoggingOperations(api);
        UserOperations.MapUserOperations(api);
        JobOperations.MapJobOperations(api);
        HousekeepingOperations.MapHousekeepingOperations(api);
        ReadSideOperations.MapReadSideOperations(api);
        BroadcastOperations.MapBroadcastOperations(api);
        return endpoints;
    }
}
