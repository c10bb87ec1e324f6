using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace NeuroActors.Actors.Users;

/// <summary>One Telegram user: registration and the credit ledger. Sharded by user id, persistent.</summary>
public sealed class UserActor : ReceivePersistentActor
{
    private const int SnapshotEvery = 100;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private UserState _state;

    public UserActor(string entityId)
    {
        var userId = long.Parse(entityId, System.Globalization.CultureInfo.InvariantCulture);
        PersistenceId = "user-" + entityId;
        _state = UserState.Empty(userId);

        Recover<SnapshotOffer>(offer => _state = (UserState)offer.Snapshot);
        Recover<IUserEvent>(e => _state = _state.Apply(e));

        Command<RegisterUser>(Register);
        Command<GrantCredits>(Grant);
        Command<GetUserState>(_ => Sender.Tell(_state.ToReply()));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of {PersistenceId} failed", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    private void Register(RegisterUser command)
    {
        if (_state.Registered)
        {
            Sender.Tell(_state.ToReply());
            return;
        }

        var now = DateTimeOffset.UtcNow;
        IUserEvent[] events = command.WelcomeCredits > 0
            ? [new UserRegistered(command.UserId, command.FirstName, command.LanguageCode, now), new CreditsGranted("welcome", command.WelcomeCredits, "welcome", now)]
            : [new UserRegistered(command.UserId, command.FirstName, command.LanguageCode, now)];
        PersistAllAndReply(events);
    }

    private void Grant(GrantCredits command)
    {
        if (command.Amount <= 0 || _state.GrantIds.Contains(command.GrantId))
        {
            Sender.Tell(_state.ToReply());
            return;
        }

        PersistAllAndReply([new CreditsGranted(command.GrantId, command.Amount, command.Reason, DateTimeOffset.UtcNow)]);
    }

    private void PersistAllAndReply(IUserEvent[] events)
    {
        var sender = Sender;
        var remaining = events.Length;
        PersistAll(events, e =>
        {
            _state = _state.Apply(e);
            if (--remaining > 0) return;
            sender.Tell(_state.ToReply());
            if (LastSequenceNr % SnapshotEvery < events.Length) SaveSnapshot(_state);
        });
    }
}
