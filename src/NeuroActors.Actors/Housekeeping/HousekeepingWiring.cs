using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Pattern;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Domain.Configuration;
using NeuroActors.Domain.Housekeeping;

namespace NeuroActors.Actors.Housekeeping;

public static class HousekeepingWiring
{
    public const string SingletonName = "housekeeping";

    /// <summary>
    /// Reads the <c>Housekeeping</c> section (a bad value throws <see cref="BadSettingException"/> naming the key, before
    /// anything starts) and registers the retention targets: the settled jobs' journals and the subscriptions past their end date.
    /// </summary>
    public static IServiceCollection AddHousekeeping(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(HousekeepingSettings.From(new SettingReader(key => configuration[key])));
        services.AddSingleton<IRetentionTarget, SettledJobRetention>();
        services.AddSingleton<IRetentionTarget, SubscriptionExpiry>();
        return services;
    }

    /// <summary>
    /// Starts housekeeping as a cluster singleton, with its proxy registered as <see cref="HousekeepingActor"/> (ask it
    /// <see cref="GetHousekeepingStatus"/> or <see cref="RunHousekeepingNow"/> from any node). Without
    /// <see cref="AddHousekeeping"/> it runs on the defaults with the settled-jobs target.
    /// </summary>
    public static AkkaConfigurationBuilder WithHousekeeping(this AkkaConfigurationBuilder builder, string? role = null) =>
        builder.WithSingleton<HousekeepingActor>(
            SingletonName,
            (_, _, resolver) =>
            {
                var settings = resolver.GetService<HousekeepingSettings>() ?? HousekeepingSettings.Default;
                var targets = resolver.GetService<IEnumerable<IRetentionTarget>>()?.ToArray() is { Length: > 0 } registered
                    ? registered
                    : new IRetentionTarget[] { new SettledJobRetention() };
                return SupervisedProps(settings, targets, resolver.GetService<TimeProvider>() ?? TimeProvider.System);
            },
            new ClusterSingletonOptions { Role = role },
            createProxyToo: true);

    /// <summary>Under a backoff supervisor: a failed write of its own stops it, and it comes back from its journal.</summary>
    public static Props SupervisedProps(HousekeepingSettings settings, IReadOnlyList<IRetentionTarget> targets, TimeProvider time) =>
        BackoffSupervisor.Props(Backoff.OnStop(
            HousekeepingActor.Props(settings, targets, time),
            "run",
            TimeSpan.FromSeconds(3),
            TimeSpan.FromMinutes(1),
            0.2,
            -1));
}
