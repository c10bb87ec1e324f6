using Akka.Actor;
using Akka.Hosting;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Users;
using NeuroActors.Kie;
using NeuroActors.Domain.Telegram;
using NeuroActors.Kie.Llm;

namespace NeuroActors.Host.Flow;

/// <summary>The generation flow's services (users, jobs and their ports) and its HTTP endpoint (KIE's callbacks).</summary>
public static class FlowWiring
{
    /// <summary>Reads the flow's settings (a bad one throws BadSettingException now, before anything starts) and registers the ports.</summary>
    public static IServiceCollection AddGenerationFlow(this IServiceCollection services, IConfiguration configuration)
    {
        var users = FlowSettings.ReadUsers(configuration);
        // Read now, so a bad Jobs:* stops the node before it starts; the KIE client's schedules are filled in below.
        var jobs = FlowSettings.ReadJobs(configuration, Domain.Kie.RetrySchedule.Default, Domain.Kie.PollSchedule.Default);
        services.AddSingleton(users);
        services.AddSingleton(sp => new MenuSource(sp.GetRequiredService<Domain.Catalog.CatalogHolder>(), sp.GetRequiredService<KieCallbackUrls>().Enabled));
        services.AddPromptImprover(configuration);
        services.AddSingleton(sp => new UserPorts(
            users, sp.GetRequiredService<MenuSource>(), sp.GetRequiredService<TimeProvider>(), ImproverPort(sp.GetRequiredService<IPromptImprover>()),
            sp.GetService<BotIdentity>(), sp.GetService<Domain.Payments.IStarSubscriptions>()));
        services.AddSingleton(sp =>
        {
            var callbacks = sp.GetRequiredService<KieCallbackUrls>();
            return new JobPorts(
                sp.GetRequiredService<IKieGateway>(),
                sp.GetRequiredService<MenuSource>(),
                sp.GetRequiredService<ITelegramFileSource>(),
                callbacks.For,
                jobs with { Retry = sp.GetRequiredService<Domain.Kie.RetrySchedule>(), Poll = sp.GetRequiredService<Domain.Kie.PollSchedule>() },
                sp.GetRequiredService<TimeProvider>());
        });
        return services;
    }

    /// <summary>The LLM as the user actor calls it: the improved prompt, or null when it could not (the user keeps theirs).</summary>
    private static Func<Domain.Conversation.ConversationEffect.ImprovePrompt, CancellationToken, Task<string?>>? ImproverPort(IPromptImprover improver)
    {
        if (!improver.IsEnabled)
        {
            return null;
        }

        return async (effect, cancel) =>
        {
            var result = await improver.ImproveAsync(new PromptImprovementRequest(effect.Prompt, effect.Kind, effect.ModelId, effect.Language), cancel);
            return result.IsSuccess ? result.ImprovedPrompt : null;
        };
    }

    /// <summary>
    /// How long a callback waits for its job to take it. Well inside KIE's 15 s; a job that cannot answer by then is on a
    /// node that is gone, and its shard moves only after the split-brain resolver's decision (tens of seconds).
    /// </summary>
    public static readonly TimeSpan CallbackHandOver = TimeSpan.FromSeconds(5);

    /// <summary>
    /// KIE posts outcomes to <c>/kie/callback/...</c> on any node; each goes to its job, wherever in the cluster it runs,
    /// and counts as delivered only when the job says it has it.
    /// </summary>
    public static WebApplication MapGenerationFlow(this WebApplication app)
    {
        app.MapKieCallbacks(async (callback, cancel) =>
        {
            if (JobWiring.ToJobMessage(callback) is not { } message)
            {
                return true; // not a job key of ours: nothing would ever take it, and KIE need not try again
            }

            try
            {
                var jobs = app.Services.GetRequiredService<ActorRegistry>().Get<JobRegion>();
                await jobs.Ask<KieCallbackTaken>(message, CallbackHandOver, cancel);
                return true;
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                return false;
            }
        });
        return app;
    }
}
