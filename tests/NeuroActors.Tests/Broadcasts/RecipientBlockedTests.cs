using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Outbox;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Telegram;
using NeuroActors.Tests.Jobs;

namespace NeuroActors.Tests.Broadcasts;

/// <summary>A broadcast's 403 reaches the recipient's user actor, which records the block as a 403 of its own would be.</summary>
public sealed class RecipientBlockedTests : TestKit
{
    private const long UserId = 5151;
    private readonly TestProbe _outbox;
    private readonly UserPorts _ports = new(UserSettings.Default, AggregateTestKit.Menu(), AggregateTestKit.Clock());
    private long _nextUpdateId;

    public RecipientBlockedTests() : base(AggregateTestKit.Config)
    {
        _outbox = CreateTestProbe("outbox");
    }

    [Fact]
    public void A_user_a_broadcast_could_not_reach_is_recorded_blocked_once_and_unblocked_when_they_write_again()
    {
        var user = StartUser();
        Update(user, "/start");
        Assert.False(State(user).Blocked);

        user.Tell(new RecordBotBlocked(UserId));
        user.Tell(new RecordBotBlocked(UserId)); // a second broadcast's 403 before anything else
        Assert.True(State(user).Blocked);

        user = Restart(user);
        Assert.True(State(user).Blocked);

        Update(user, "/start");
        Assert.False(State(user).Blocked);
    }

    private IActorRef StartUser() =>
        Sys.ActorOf(Props.Create(() => new UserActor(
            UserId.ToString(System.Globalization.CultureInfo.InvariantCulture), _ports, new Given<OutboxActor>(_outbox.Ref), new Given<JobRegion>(CreateTestProbe().Ref))));

    private IActorRef Restart(IActorRef user)
    {
        var watcher = CreateTestProbe();
        watcher.Watch(user);
        Sys.Stop(user);
        watcher.ExpectTerminated(user);
        return StartUser();
    }

    private void Update(IActorRef user, string text)
    {
        user.Tell(new HandleUpdate(UserId, new IncomingUpdate(++_nextUpdateId, UserId, UserId, PrivateChat: true, UpdateKind.Text, "Ann", "en", Text: text)), TestActor);
        ExpectMsg<UpdateAccepted>();
    }

    private UserStateReply State(IActorRef user)
    {
        user.Tell(new GetUserState(UserId), TestActor);
        return ExpectMsg<UserStateReply>();
    }

    private sealed class Given<TActor>(IActorRef actor) : IRequiredActor<TActor>
    {
        public IActorRef ActorRef => actor;

        public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(actor);
    }
}
