using NeuroActors.Actors.Hosting;
using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.DependencyInjection;
using Akka.Hosting;
using Microsoft.Extensions.Configuration;
using NeuroActors.Actors.ReadSide;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Admin;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Configuration;
using NeuroActors.Kie;

namespace NeuroActors.Actors.Admin;

/// <summary>Registry key of the admin shard region.</summary>
public sealed class AdminRegion;

public sealed class AdminMessageExtractor() : HashCodeMessageExtractor(MaxShards)
{
    /// <summary>Admins are few; must never change while a cluster's data lives.</summary>
    public const int MaxShards = 10;

    public override string? EntityId(object message) => message switch
    {
        IAdminCommand command => command.AdminId.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };
}

public static class AdminWiring
{
    /// <summary>
    /// The admin actors (a sharded, persistent <see cref="AdminActor"/> per admin of <c>Admin:TelegramIds</c>; the gateway
    /// routes their updates here) and the KIE key alerts to every admin's chat. Call after the user shards and the outbox.
    /// </summary>
    public static AkkaConfigurationBuilder WithAdmins(this AkkaConfigurationBuilder builder) =>
        builder.WithShardRegion<AdminRegion>(
            "admin",
            (system, registry, resolver) =>
            {
                var ports = Ports(registry, resolver);
                if (ports.Keys is { } pool && ports.Settings.AdminIds.Count > 0)
                {
                    AlertAdminsOfKeys(pool, ports.Settings, registry);
                }

                return entityId => FactoryProps.Create(() => new AdminActor(entityId, ports));
            },
            new AdminMessageExtractor(),
            new ShardOptions
            {
                StateStoreMode = StateStoreMode.DData,
                PassivateIdleEntityAfter = TimeSpan.FromMinutes(30),
            });

    /// <summary>Admins, their limit per grant and their default language from the node's configuration.</summary>
    public static AdminSettings Settings(UserSettings? users, IConfiguration? configuration)
    {
        var maxGrant = configuration is null ? AdminLimits.DefaultMaxGrant : AdminLimits.MaxGrant(new SettingReader(key => configuration[key]));
        return users is null
            ? AdminSettings.None with { MaxGrant = maxGrant }
            : new AdminSettings(users.AdminIds, maxGrant, users.DefaultLanguage);
    }

    private static AdminPorts Ports(IActorRegistry registry, IDependencyResolver resolver)
    {
        var settings = Settings(resolver.GetService<UserSettings>(), resolver.GetService<IConfiguration>());
        var time = resolver.GetService<TimeProvider>() ?? TimeProvider.System;
        var kie = resolver.GetService<IKieGateway>();
        return new AdminPorts(
            settings,
            resolver.GetService<CatalogHolder>(),
            kie?.Pool,
            kie is null ? null : new KieBalanceCache(kie, time),
            time,
            registry,
            resolver.GetService<IReadSideQueries>())
        {
            StarRefunds = resolver.GetService<Domain.Payments.IStarRefunds>(),
        };
    }

    /// <summary>
    /// A key taken out of rotation (401 or 402) is told to every admin once per incident: each node's pool raises its alert
    /// once (when the key goes from usable to disabled, not per job that meets it), and each admin's actor drops the
    /// alerts of an incident it already told (other nodes' pools meet the same key).
    /// </summary>
    private static void AlertAdminsOfKeys(KieKeyPool pool, AdminSettings settings, IActorRegistry registry) =>
        pool.KeyAlert += alert =>
        {
            if (!registry.TryGet<AdminRegion>(out var admins))
            {
                return;
            }

            foreach (var admin in settings.AdminIds)
            {
                admins.Tell(new AlertKeyDisabled(admin, alert.KeyId.Value, alert.Reason.ToString(), alert.KieMessage, alert.At));
            }
        };
}
