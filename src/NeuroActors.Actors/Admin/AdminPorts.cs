using Akka.Actor;
using Akka.Hosting;
using NeuroActors.Actors.ReadSide;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Texts;
using NeuroActors.Kie;

namespace NeuroActors.Actors.Admin;

/// <summary>How admins are served (configuration: <c>Admin:TelegramIds</c>, <c>Admin:MaxGrant</c>).</summary>
/// <param name="AdminIds">Telegram user ids whose every update goes to an admin actor.</param>
/// <param name="MaxGrant">The largest grant or debit in one action.</param>
/// <param name="DefaultLanguage">For admins whose Telegram reports no language, and for alerts.</param>
public sealed record AdminSettings(IReadOnlySet<long> AdminIds, long MaxGrant, Language DefaultLanguage)
{
    public static AdminSettings None { get; } = new(new HashSet<long>(), 100_000, Language.English);
}

/// <summary>What an admin actor needs from its node. The other actors it talks to are looked up in the registry when asked.</summary>
/// <param name="ReadSide">The read side's queries (@username and KIE task id lookups), or null when this node has none.</param>
/// <param name="Balances">KIE balances per key, cached; null when the node has no KIE client.</param>
public sealed record AdminPorts(
    AdminSettings Settings,
    CatalogHolder Catalog,
    KieKeyPool? Keys,
    KieBalanceCache? Balances,
    TimeProvider Time,
    IActorRegistry Registry,
    IReadSideQueries? ReadSide)
{
    /// <summary>refundStarPayment (the Telegram adapter's), or null on a node without Telegram: /refund then says it cannot.</summary>
    public Domain.Payments.IStarRefunds? StarRefunds { get; init; }

    /// <summary>The broadcast region, or null on a node without broadcasts (the admin hears they are not available).</summary>
    public IActorRef? BroadcastRegion() => Registry.TryGet<Broadcasts.BroadcastRegion>(out var region) ? region : null;
}
