using Akka.Actor;
using Akka.Hosting;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Users;
using NeuroActors.Kie;

namespace NeuroActors.Host.Flow;

/// <summary>The generation flow's services (users, jobs and their ports) and its HTTP endpoint (KIE's callbacks).</summary>
public static class FlowWiring
{
    /// <summary>Reads the flow's settings (a bad one throws BadSettingException now, before anything starts) and registers the ports.</summary>
    public static IServiceCollection AddGenerationFlow(this IServiceCollection services, IConfiguration configuration)
    {
        var users = FlowSettings.ReadUsers(configuration);
        services.AddSingleton(users);
        services.AddSingleton(sp => new MenuSource(sp.GetRequiredService<Domain.Catalog.CatalogHolder>(), sp.GetRequiredService<KieCallbackUrls>().Enabled));
        services.AddSingleton(sp => new UserPorts(users, sp.GetRequiredService<MenuSource>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ITelegramFileSource, TelegramFileSource>();
        services.AddSingleton(sp =>
        {
            var callbacks = sp.GetRequiredService<KieCallbackUrls>();
            return new JobPorts(
                sp.GetRequiredService<IKieGateway>(),
                sp.GetRequiredService<MenuSource>(),
                sp.GetRequiredService<ITelegramFileSource>(),
                callbacks.For,
                FlowSettings.ReadJobs(configuration, sp.GetRequiredService<Domain.Kie.RetrySchedule>(), sp.GetRequiredService<Domain.Kie.PollSchedule>()),
                sp.GetRequiredService<TimeProvider>());
        });
        return services;
    }

    /// <summary>KIE posts outcomes to <c>/kie/callback/...</c> on any node; each goes to its job, wherever in the cluster it runs.</summary>
    public static WebApplication MapGenerationFlow(this WebApplication app)
    {
        app.MapKieCallbacks((callback, _) =>
        {
            if (JobWiring.ToJobMessage(callback) is { } message)
            {
                app.Services.GetRequiredService<ActorRegistry>().Get<JobRegion>().Tell(message);
            }

            return Task.CompletedTask;
        });
        return app;
    }
}
