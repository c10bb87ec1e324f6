using NeuroActors.Actors.Serialization;
using NeuroActors.Domain.Promos;

namespace NeuroActors.Actors.Promos;

/// <summary>Every message routed to a promo entity names its code, the entity id (or <see cref="PromoIndex.EntityId"/>).</summary>
public interface IPromoCommand : INeuroMessage
{
    string Code { get; }
}

/// <summary>
/// An admin's new code. Idempotent: the same terms again (an audited action done again after a crash) answer as created;
/// other terms for an existing code are refused. Answered with <see cref="PromoStatus"/>.
/// </summary>
[Manifest("promo-create.v1")]
public sealed record CreatePromo(string Code, PromoTerms Terms, string By) : IPromoCommand;

/// <summary>A user redeems the code; answered with <see cref="PromoRedeemed"/>. The same user asking again gets the same grant.</summary>
[Manifest("promo-redeem.v1")]
public sealed record RedeemPromo(string Code, long UserId) : IPromoCommand;

/// <summary>An admin's <c>/promo off</c>: nobody new redeems it. Idempotent; answered with <see cref="PromoStatus"/>.</summary>
[Manifest("promo-switch-off.v1")]
public sealed record SwitchOffPromo(string Code, string By) : IPromoCommand;

[Manifest("promo-get-status.v1")]
public sealed record GetPromoStatus(string Code) : IPromoCommand;

/// <param name="Accepted">A create that took (or had taken) these terms; false when the code exists with others.</param>
[Manifest("promo-status.v1")]
public sealed record PromoStatus(string Code, bool Exists, PromoTerms? Terms, int Used, bool Disabled, bool Accepted) : INeuroMessage;

[Manifest("promo-redeemed.v1")]
public sealed record PromoRedeemed(string Code, long UserId, PromoRedeemOutcome Outcome, long Credits) : INeuroMessage;

/// <summary>To the index: list a code (idempotent). Answered with <see cref="PromoCodeListed"/>.</summary>
[Manifest("promo-index-add.v1")]
public sealed record ListPromoCode(string Listed) : IPromoCommand
{
    public string Code => PromoIndex.EntityId;
}

[Manifest("promo-index-added.v1")]
public sealed record PromoCodeListed(string Listed) : INeuroMessage;

/// <summary>To the index: the codes, newest first. Answered with <see cref="PromoCodeList"/>.</summary>
[Manifest("promo-index-get.v1")]
public sealed record GetPromoCodes(int Max) : IPromoCommand
{
    public string Code => PromoIndex.EntityId;
}

[Manifest("promo-index-list.v1")]
public sealed record PromoCodeList(IReadOnlyList<string> Codes) : INeuroMessage;

// Events

public interface IPromoEvent : INeuroMessage;

[Manifest("promo-created.v1")]
public sealed record PromoCreated(string Code, PromoTerms Terms, string By, DateTimeOffset At) : IPromoEvent;

/// <summary>One use taken, by <paramref name="UserId"/>; the count of these is exact because one actor writes them all.</summary>
[Manifest("promo-redeemed-by.v1")]
public sealed record PromoRedeemedBy(long UserId, DateTimeOffset At) : IPromoEvent;

[Manifest("promo-switched-off.v1")]
public sealed record PromoSwitchedOff(string By, DateTimeOffset At) : IPromoEvent;

/// <summary>The index's only event: a code was created.</summary>
[Manifest("promo-index-listed.v1")]
public sealed record PromoCodeIndexed(string Listed, DateTimeOffset At) : IPromoEvent;

/// <summary>A code's snapshot, so a code of many uses recovers without one event per redeemer.</summary>
[Manifest("promo-state.v1")]
public sealed record PromoSnapshot(string Code, PromoTerms? Terms, DateTimeOffset? CreatedAt, string? CreatedBy, bool Disabled, IReadOnlyList<long> Redeemers) : ISnapshotState
{
    public static PromoSnapshot Of(PromoState state) =>
        new(state.Code, state.Terms, state.CreatedAt, state.CreatedBy, state.Disabled, state.Redeemers.Order().ToArray());

    public PromoState ToState() => new(Code, Terms, CreatedAt, CreatedBy, Disabled, [.. Redeemers]);
}
