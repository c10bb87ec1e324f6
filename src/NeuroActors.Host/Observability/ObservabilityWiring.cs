using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using NeuroActors.Domain.Configuration;
using NeuroActors.Kie.Observability;
using NeuroActors.Telegram.Observability;

namespace NeuroActors.Host.Observability;

public static class ObservabilityWiring
{
    public const string MetricsPath = "/metrics";
    public const string PrometheusTextType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// The background health checks, the shard sampler and the metrics registry. Call after <c>AddNeuroActors</c>, the
    /// KIE client and the Telegram adapter (hosted services start in the order they were added).
    /// </summary>
    public static IServiceCollection AddNodeObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(HealthSettings.From(new SettingReader(key => configuration[key])));
        services.AddSingleton<KieReachability>();
        services.AddSingleton<TelegramReachability>();
        services.AddSingleton<HealthMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthMonitor>());
        services.AddSingleton(sp => new ShardSampler(sp.GetRequiredService<ActorSystem>, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ShardSampler>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ShardSampler>());
        services.AddSingleton(sp => new NodeMetrics(sp.GetRequiredService<ActorSystem>, sp.GetRequiredService<Kie.KieKeyPool>(),
            sp.GetRequiredService<ShardSampler>(), sp.GetRequiredService<HealthMonitor>()));
        services.AddSingleton<MetricsExport>();
        return services;
    }

    /// <summary>
    /// <c>GET /metrics</c> in Prometheus text format. Open like /health unless <c>Metrics:Token</c> is set; either way it
    /// belongs on a private network (it names the node's keys by masked id and its cluster's shape), never on the
    /// public address Telegram and KIE call.
    /// </summary>
    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder endpoints)
    {
        var export = endpoints.ServiceProvider.GetRequiredService<MetricsExport>();
        var settings = endpoints.ServiceProvider.GetRequiredService<HealthSettings>();
        var expected = settings.MetricsToken is { } token ? SHA256.HashData(Encoding.UTF8.GetBytes(token)) : null;
        endpoints.MapGet(MetricsPath, async (HttpContext http) =>
        {
            if (expected is not null && !Allowed(expected, http.Request.Headers.Authorization.ToString()))
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            http.Response.ContentType = PrometheusTextType;
            await export.Registry.CollectAndExportAsTextAsync(http.Response.Body, http.RequestAborted);
        });
        return endpoints;
    }

    /// <summary>Hashing both sides makes the comparison constant-time whatever the lengths.</summary>
    private static bool Allowed(byte[] expected, string authorization) =>
        authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && CryptographicOperations.FixedTimeEquals(expected, SHA256.HashData(Encoding.UTF8.GetBytes(authorization["Bearer ".Length..].Trim())));
}
