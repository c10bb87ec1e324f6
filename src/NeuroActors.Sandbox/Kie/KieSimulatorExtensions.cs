using Microsoft.Extensions.DependencyInjection.Extensions;

namespace NeuroActors.Sandbox.Kie;

/// <summary>Hosts the simulated KIE.AI in any ASP.NET Core app: <c>AddKieSimulator</c> then <c>MapKieSimulator</c>.</summary>
public static class KieSimulatorExtensions
{
    public static IServiceCollection AddKieSimulator(this IServiceCollection services, Action<KieSimulatorOptions>? configure = null)
    {
        var options = services.AddOptions<KieSimulatorOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KieSimulatorState>();
        services.TryAddSingleton<KieTaskRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<KieTaskRunner>());
        services.AddHttpClient(KieTaskRunner.CallbackClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient(KieUploadEndpoints.UrlClientName);
        return services;
    }

    /// <summary>Maps the KIE routes (/api/v1/..., /api/file-*-upload), the result files (/sim-files/...) and the control API (/sandbox/kie/...).</summary>
    public static IEndpointRouteBuilder MapKieSimulator(this IEndpointRouteBuilder routes)
    {
        KieApiEndpoints.Map(routes);
        KieUploadEndpoints.Map(routes);
        KieControlEndpoints.Map(routes);
        return routes;
    }
}
