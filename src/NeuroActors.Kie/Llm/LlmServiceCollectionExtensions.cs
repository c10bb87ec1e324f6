using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace NeuroActors.Kie.Llm;

public static class LlmServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IPromptImprover"/> from the <c>Llm</c> section: with <c>Llm:BaseUrl</c> the LLM-backed
    /// <see cref="PromptImprover"/> (singleton, its cache shared) over the typed HttpClient <see cref="LlmChatClient"/>;
    /// without it <see cref="DisabledPromptImprover"/>. Also <see cref="LlmOptions"/>. A bad value throws
    /// <see cref="Domain.Configuration.BadSettingException"/> naming the setting and the fix.
    /// </summary>
    public static IServiceCollection AddPromptImprover(this IServiceCollection services, IConfiguration configuration) =>
        services.AddPromptImprover(LlmOptions.FromConfiguration(configuration));

    public static IServiceCollection AddPromptImprover(this IServiceCollection services, LlmOptions options)
    {
        services.AddSingleton(options);
        if (!options.IsEnabled)
        {
            services.AddSingleton<IPromptImprover, DisabledPromptImprover>();
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient<LlmChatClient>(client =>
            {
                // The call's own deadline (Llm:Timeout) applies; the client's default 100 s would only get in its way.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            // The factory's request logging must never print the Authorization header.
            .RedactLoggedHeaders(_ => true);

        services.AddSingleton(sp => new PromptImprover(
            options,
            () => sp.GetRequiredService<LlmChatClient>(),
            sp.GetService<ILogger<PromptImprover>>()));
        services.AddSingleton<IPromptImprover>(sp => sp.GetRequiredService<PromptImprover>());
        return services;
    }
}
