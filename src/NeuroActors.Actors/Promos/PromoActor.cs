using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using NeuroActors.Domain.Promos;

namespace NeuroActors.Actors.Promos;

/// <summary>
/// One promo code, sharded by the code and persistent. Every redemption of the code, from any node, comes through this one
/// actor and is written before it is answered, so the global use limit is exact even when users on two nodes redeem at
/// the same instant. It records the redeemers: a user asking again gets the same grant (their own actor then grants
/// once, by the ledger id <c>promo:CODE</c>), so a lost answer or a crash between the two loses no credit.
/// </summary>
public sealed class PromoActor : ReceivePersistentActor
{
    private const int SnapshotEvery = 500;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeProvider _time;
    private PromoState _state;
    private int _eventsSinceSnapshot;

    public PromoActor(string code, TimeProvider time)
    {
        _time = time;
        _state = PromoState.Empty(code);
        PersistenceId = "promo-" + code;

        Recover<SnapshotOffer>(offer => _state = ((PromoSnapshot)offer.Snapshot).ToState());
        Recover<IPromoEvent>(Apply);

        Command<CreatePromo>(OnCreate);
        Command<RedeemPromo>(OnRedeem);
        Command<SwitchOffPromo>(OnSwitchOff);
        Command<GetPromoStatus>(_ => Sender.Tell(Status(accepted: _state.Exists)));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of promo code {Code} failed", _state.Code));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    private void OnCreate(CreatePromo create)
    {
        if (_state.Terms is { } terms)
        {
            Sender.Tell(Status(accepted: terms == create.Terms));
            return;
        }

        var sender = Sender;
        PersistThen(new PromoCreated(create.Code, create.Terms, create.By, _time.GetUtcNow()), () =>
        {
            _log.Info("Promo code {Code} created by {By}: {Credits} credits, {Uses} uses", create.Code, create.By, create.Terms.Credits, create.Terms.Uses);
            sender.Tell(Status(accepted: true));
        });
    }

    private void OnRedeem(RedeemPromo redeem)
    {
        var outcome = _state.Redeem(redeem.UserId, _time.GetUtcNow());
        var reply = new PromoRedeemed(_state.Code, redeem.UserId, outcome, _state.Terms?.Credits ?? 0);
        if (outcome != PromoRedeemOutcome.Granted || _state.Redeemers.Contains(redeem.UserId))
        {
            Sender.Tell(reply);
            return;
        }

        var sender = Sender;
        PersistThen(new PromoRedeemedBy(redeem.UserId, _time.GetUtcNow()), () => sender.Tell(reply));
    }

    private void OnSwitchOff(SwitchOffPromo off)
    {
        if (!_state.Exists || _state.Disabled)
        {
            Sender.Tell(Status(accepted: _state.Exists));
            return;
        }

        var sender = Sender;
        PersistThen(new PromoSwitchedOff(off.By, _time.GetUtcNow()), () =>
        {
            _log.Info("Promo code {Code} switched off by {By}", _state.Code, off.By);
            sender.Tell(Status(accepted: true));
        });
    }

    private PromoStatus Status(bool accepted) =>
        new(_state.Code, _state.Exists, _state.Terms, _state.Redeemers.Count, _state.Disabled, accepted);

    private void Apply(IPromoEvent @event) => _state = @event switch
    {
        PromoCreated e => _state with { Terms = e.Terms, CreatedAt = e.At, CreatedBy = e.By },
        PromoRedeemedBy e => _state with { Redeemers = _state.Redeemers.Add(e.UserId) },
        PromoSwitchedOff => _state with { Disabled = true },
        _ => _state,
    };

    private void PersistThen(IPromoEvent @event, Action after) =>
        Persist(@event, e =>
        {
            Apply(e);
            after();
            if (++_eventsSinceSnapshot >= SnapshotEvery)
            {
                _eventsSinceSnapshot = 0;
                SaveSnapshot(PromoSnapshot.Of(_state));
            }
        });
}

/// <summary>
/// The list of codes for <c>/promo list</c>: one more entity of the promo region, under an id no code can have. Each
/// created code is listed here by the admin action that created it (idempotent, done again after a crash). A persistent
/// entity rather than a singleton: it needs no wiring of its own, and any node can host it.
/// </summary>
public sealed class PromoIndex : ReceivePersistentActor
{
    /// <summary>Codes are letters, digits, '_' and '-': '~' can never be one.</summary>
    public const string EntityId = "~index";

    private readonly TimeProvider _time;
    private readonly List<string> _codes = [];
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public PromoIndex(TimeProvider time)
    {
        _time = time;
        PersistenceId = "promo-index";
        Recover<PromoCodeIndexed>(Add);
        Command<ListPromoCode>(OnList);
        Command<GetPromoCodes>(get => Sender.Tell(new PromoCodeList(_codes.AsEnumerable().Reverse().Take(Math.Max(0, get.Max)).ToArray())));
    }

    public override string PersistenceId { get; }

    private void OnList(ListPromoCode list)
    {
        if (_known.Contains(list.Listed))
        {
            Sender.Tell(new PromoCodeListed(list.Listed));
            return;
        }

        var sender = Sender;
        Persist(new PromoCodeIndexed(list.Listed, _time.GetUtcNow()), e =>
        {
            Add(e);
            sender.Tell(new PromoCodeListed(e.Listed));
        });
    }

    private void Add(PromoCodeIndexed e)
    {
        if (_known.Add(e.Listed))
        {
            _codes.Add(e.Listed);
        }
    }
}
