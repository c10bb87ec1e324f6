using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NeuroActors.Domain.Kie;

namespace NeuroActors.Kie;

public static class KieServiceCollectionExtensions
{
    /// <summary>
    /// Registers the KIE client from the <c>Kie</c> configuration section: <see cref="KieOptions"/>, the named HttpClient
    /// <see cref="KieApiClient.HttpClientName"/>, <see cref="KieApiClient"/>, <see cref="KieKeyPool"/>, <see cref="IKieGateway"/>,
    /// the callback helpers (<see cref="KieCallbackUrls"/>, <see cref="KieCallbackVerifier"/>), and <see cref="TimeProvider"/>.System
    /// unless one is registered. All singletons.
    /// </summary>
    public static IServiceCollection AddKieClient(this IServiceCollection services, IConfiguration configuration)
    {
        var options = KieOptions.FromConfiguration(configuration);
        return services.AddKieClient(options);
    }

    public static IServiceCollection AddKieClient(this IServiceCollection services, KieOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(options.Retry);
        services.AddSingleton(options.Poll);
        services.AddSingleton(_ => options.CreateCallbackTokens());

        services.AddHttpClient(KieApiClient.HttpClientName, client =>
            {
                // Each call sets its own deadline (Kie:RequestTimeout, Kie:UploadTimeout).
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            // The factory's request logging must never print the Authorization header.
            .RedactLoggedHeaders(_ => true);

        services.AddSingleton<KieApiClient>();
        services.AddSingleton(sp => new KieKeyPool(
            options.ApiKeys,
            options.Pacing,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<KieKeyPool>>()));
        services.AddSingleton<KieGateway>();
        services.AddSingleton<IKieGateway>(sp => sp.GetRequiredService<KieGateway>());
        services.AddSingleton<KieCallbackUrls>();
        services.AddSingleton<KieCallbackVerifier>();
        return services;
    }
}
