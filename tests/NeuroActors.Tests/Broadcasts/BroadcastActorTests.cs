using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Time.Testing;
using NeuroActors.Actors.Broadcasts;
using NeuroActors.Actors.Outbox;
using NeuroActors.Actors.ReadSide;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Broadcasts;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Telegram.Outbound;
using NeuroActors.Domain.Texts;
using NeuroActors.Tests.Jobs;

namespace NeuroActors.Tests.Broadcasts;

public sealed class BroadcastActorTests : TestKit
{
    private const long BroadcastId = 9001;
    private const long AdminId = 11, AdminChat = 11;
    private const long ProgressMessageId = 700;
    private static readonly BroadcastSettings Settings = BroadcastSettings.Default with { ChunkSize = 2 };

    private readonly FakeTimeProvider _clock = AggregateTestKit.Clock();
    private readonly TestProbe _outbox;
    private readonly TestProbe _users;
    private readonly TestProbe _passivations;
    private readonly InMemoryAudience _audience = new();
    private readonly List<Deliver> _passedOver = [];
    private int _incarnation;
    private BroadcastSettings _settings = Settings;

    public BroadcastActorTests() : base(AggregateTestKit.Config)
    {
        _outbox = CreateTestProbe("outbox");
        _users = CreateTestProbe("users");
        _passivations = CreateTestProbe("passivations");
    }

    [Fact]
    public void A_second_start_changes_nothing_and_every_recipient_gets_one_copy()
    {
        _audience.Users = [101, 102, 103];
        var broadcast = Host();

        Assert.Equal(BroadcastPhase.Preparing, Start(broadcast).Phase);
        var progress = PostProgress();
        Assert.Equal(AdminChat, progress.ChatId);
        Assert.Equal(TrafficClass.Reply, progress.Traffic);

        var first = NextCopy();
        Assert.Equal(BroadcastPhase.Sending, Start(broadcast).Phase); // double-tapped confirm
        Assert.Equal(101, first.ChatId);
        Assert.Equal(TrafficClass.Bulk, first.Traffic);
        Assert.Equal(new OutboundMessage.SendScreen(new Screen("<b>Hello</b>", null)), first.Message);

        Answer(first, Sent());
        Answer(NextCopy(), Sent());
        Answer(NextCopy(), Sent());

        var status = Status(broadcast);
        Assert.Equal(BroadcastPhase.Finished, status.Phase);
        Assert.Equal(new BroadcastTally(3, 3, 0, 0, 0), status.Tally);
        Assert.Equal(1, _audience.Calls);
        var final = Drain().Select(d => d.Message).OfType<OutboundMessage.EditScreen>().Last();
        Assert.Equal(ProgressMessageId, final.MessageId);
        Assert.Null(final.Screen.Keyboard);
        Assert.Contains("3 of 3", final.Screen.Html, StringComparison.Ordinal);
        _passivations.ExpectMsg<Akka.Cluster.Sharding.Passivate>();
        Assert.DoesNotContain(Drain(), d => d.Message is OutboundMessage.SendScreen);
    }

    [Fact]
    public void Pause_sends_nothing_more_until_resume_and_stop_ends_it_with_the_counts_and_no_buttons()
    {
        _audience.Users = [101, 102, 103, 104, 105];
        var broadcast = Host();
        Start(broadcast);
        PostProgress();
        Answer(NextCopy(), Sent());
        var second = NextCopy();

        Assert.Equal(BroadcastPhase.Paused, Control(broadcast, BroadcastSwitch.Pause).Phase);
        Assert.Equal(BroadcastPhase.Paused, Control(broadcast, BroadcastSwitch.Pause).Phase); // a second tap
        var paused = LastEdit(Drain());
        Assert.Equal([AdminCommand.ResumeBroadcast, AdminCommand.StopBroadcast], Commands(paused));
        Answer(second, Sent()); // the copy already on its way is still recorded
        Assert.Equal(2, Status(broadcast).Tally.Sent);
        Assert.DoesNotContain(Drain(), d => d.DeliveryId.Kind == DeliveryKind.Broadcast);

        Assert.Equal(BroadcastPhase.Sending, Control(broadcast, BroadcastSwitch.Resume).Phase);
        var third = NextCopy();
        Assert.Equal(103, third.ChatId);

        Assert.Equal(BroadcastPhase.Stopped, Control(broadcast, BroadcastSwitch.Stop).Phase);
        Answer(third, Sent());
        var status = Status(broadcast);
        Assert.Equal(BroadcastPhase.Stopped, status.Phase);
        Assert.Equal(new BroadcastTally(5, 3, 0, 0, 0), status.Tally);
        var deliveries = Drain();
        Assert.DoesNotContain(deliveries, d => d.DeliveryId.Kind == DeliveryKind.Broadcast);
        var final = LastEdit(deliveries);
        Assert.Null(final.Screen.Keyboard);
        Assert.Contains("3 of 5", final.Screen.Html, StringComparison.Ordinal);
        _passivations.ExpectMsg<Akka.Cluster.Sharding.Passivate>();
    }

    [Fact]
    public void After_a_restart_it_resumes_from_the_journal_sending_again_only_the_copy_whose_outcome_was_not_recorded()
    {
        _audience.Users = [101, 102, 103, 104, 105];
        var broadcast = Host();
        Start(broadcast);
        PostProgress();
        Answer(NextCopy(), Sent());
        Answer(NextCopy(), Sent());
        var unrecorded = NextCopy();
        Assert.Equal(103, unrecorded.ChatId);

        broadcast = Restart(broadcast); // the node died after Telegram took 103's copy, before its record
        var status = Status(broadcast);
        Assert.Equal(BroadcastPhase.Sending, status.Phase);
        Assert.Equal(2, status.Tally.Sent);
        Assert.Equal(ProgressMessageId, status.ProgressMessageId);

        var again = NextCopy();
        Assert.Equal(103, again.ChatId); // the one copy a crash may send twice
        Answer(again, Sent());
        Answer(NextCopy(), Sent());
        Answer(NextCopy(), Sent());

        status = Status(broadcast);
        Assert.Equal(new BroadcastTally(5, 5, 0, 0, 0), status.Tally);
        Assert.Equal(BroadcastPhase.Finished, status.Phase);
        Assert.Equal(1, _audience.Calls); // the audience was kept, not listed again
        Assert.DoesNotContain(Drain(), d => d.Message is OutboundMessage.SendScreen); // no second progress message
    }

    [Fact]
    public void A_hand_off_stops_only_after_the_copy_in_flight_is_recorded_so_the_new_home_does_not_send_it_again()
    {
        _audience.Users = [101, 102, 103];
        var host = Host();
        Start(host);
        PostProgress();
        Answer(NextCopy(), Sent());
        var inFlight = NextCopy();
        Assert.Equal(102, inFlight.ChatId);

        host.Tell(HandOffBroadcast.Instance);
        Status(host); // the hand-off was taken; the entity still waits for its copy
        Assert.False(_passivations.HasMessages);
        Answer(inFlight, Sent());
        _passivations.ExpectMsg<EntityStopped>();
        Assert.DoesNotContain(Drain(), d => d.DeliveryId.Kind == DeliveryKind.Broadcast && d.DeliveryId.Part > 0);

        var moved = Host();
        Assert.Equal(2, Status(moved).Tally.Sent);
        Assert.Equal(103, NextCopy().ChatId);
    }

    [Fact]
    public void With_snapshots_a_restart_recovers_the_counts_and_sends_only_to_who_is_left()
    {
        _settings = Settings with { SnapshotEvery = 3 };
        _audience.Users = [101, 102, 103, 104, 105, 106];
        var broadcast = Host();
        Start(broadcast);
        PostProgress();
        for (var i = 0; i < 4; i++) Answer(NextCopy(), Sent());
        NextCopy(); // 105, in flight when the node dies

        broadcast = Restart(broadcast);
        Assert.Equal(new BroadcastTally(6, 4, 0, 0, 0), Status(broadcast).Tally);
        Assert.Equal(105, NextCopy().ChatId);
    }

    [Fact]
    public void A_copy_the_outbox_never_answers_goes_again_after_the_stall_time_and_counts_once()
    {
        _audience.Users = [101, 102];
        var broadcast = Host();
        Start(broadcast);
        PostProgress();
        var lost = NextCopy();

        this.Advance(_clock, Settings.StallAfter);
        var again = NextCopy();
        Assert.Equal(lost.DeliveryId, again.DeliveryId);
        Answer(lost, Sent()); // the first send's outcome came after all
        Answer(again, Sent()); // and the second's is not counted again
        Answer(NextCopy(), Sent());

        Assert.Equal(new BroadcastTally(2, 2, 0, 0, 0), Status(broadcast).Tally);
    }

    [Fact]
    public void A_paused_broadcast_stays_paused_after_a_restart_until_an_admin_resumes_it()
    {
        _audience.Users = [101, 102, 103];
        var broadcast = Host();
        Start(broadcast);
        PostProgress();
        Control(broadcast, BroadcastSwitch.Pause);
        Answer(NextCopy(), Sent());

        broadcast = Restart(broadcast);
        Assert.Equal(BroadcastPhase.Paused, Status(broadcast).Phase);
        Assert.DoesNotContain(Drain(), d => d.DeliveryId.Kind == DeliveryKind.Broadcast);

        Control(broadcast, BroadcastSwitch.Resume);
        Assert.Equal(102, NextCopy().ChatId);
    }

    [Fact]
    public void A_403_counts_as_blocked_or_left_and_marks_the_user_as_having_blocked_the_bot()
    {
        _audience.Users = [101, 102, 103, 104];
        var broadcast = Host();
        Start(broadcast);
        PostProgress();
        Answer(NextCopy(), new SendOutcome.Blocked("Forbidden: bot was blocked by the user"));
        Assert.Equal(new RecordBotBlocked(101), _users.ExpectMsg<RecordBotBlocked>());
        Answer(NextCopy(), new SendOutcome.Blocked("Forbidden: user is deactivated"));
        Assert.Equal(new RecordBotBlocked(102), _users.ExpectMsg<RecordBotBlocked>());
        Answer(NextCopy(), new SendOutcome.Rejected("Bad Request: wrong file identifier/HTTP URL specified"));
        Answer(NextCopy(), Sent());

        var status = Status(broadcast);
        Assert.Equal(new BroadcastTally(4, 1, 1, 1, 1), status.Tally);
        Assert.False(_users.HasMessages); // failed and sent recipients are not marked
        var final = LastEdit(Drain());
        Assert.Contains("Blocked the bot: 1", final.Screen.Html, StringComparison.Ordinal);
        Assert.Contains("Left: 1", final.Screen.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_are_edited_in_place_at_most_once_per_interval()
    {
        _audience.Users = Enumerable.Range(101, 6).Select(i => (long)i).ToArray();
        var broadcast = Host();
        Start(broadcast);
        PostProgress();
        Answer(NextCopy(), Sent());
        Answer(NextCopy(), Sent());
        Answer(NextCopy(), Sent());
        NextCopy();
        Status(broadcast);
        var edits = Drain().Select(d => d.Message).OfType<OutboundMessage.EditScreen>().ToList();
        Assert.Single(edits); // the progress message got its counts at once; three more outcomes wait for the interval
        Assert.Contains("0 of 6", edits[0].Screen.Html, StringComparison.Ordinal);

        this.Advance(_clock, Settings.ProgressEvery);
        Status(broadcast);
        var deliveries = Drain();
        var later = Assert.Single(deliveries, d => d.Message is OutboundMessage.EditScreen);
        Assert.Equal(TrafficClass.StatusEdit, later.Traffic);
        var edit = (OutboundMessage.EditScreen)later.Message;
        Assert.Equal(ProgressMessageId, edit.MessageId);
        Assert.Contains("3 of 6", edit.Screen.Html, StringComparison.Ordinal);
        Assert.Equal([AdminCommand.PauseBroadcast, AdminCommand.StopBroadcast], Commands(edit));
    }

    [Fact]
    public void A_photo_goes_by_its_file_id_with_the_caption_and_the_progress_speaks_the_admins_language()
    {
        _audience.Users = [101];
        var broadcast = Host();
        broadcast.Tell(new StartBroadcast(BroadcastId, AdminId, AdminChat, Language.Russian, new BroadcastContent("Скидки", "AgACAgIAAxk"), BroadcastAudience.Russian), TestActor);
        ExpectMsg<BroadcastStatus>();
        var progress = PostProgress();
        Assert.Contains("Рассылка", ((OutboundMessage.SendScreen)progress.Message).Screen.Html, StringComparison.Ordinal);

        var copy = NextCopy();
        Assert.Equal(new OutboundMessage.SendMedia(new MediaItem(OutboundMediaType.Photo, "AgACAgIAAxk", "Скидки")), copy.Message);
        Assert.Equal([BroadcastAudience.Russian], _audience.Asked);
    }

    [Fact]
    public void An_empty_audience_finishes_at_once_and_a_control_of_an_unknown_broadcast_changes_nothing()
    {
        _audience.Users = [];
        var broadcast = Host();
        Start(broadcast);
        PostProgress();
        Assert.Equal(BroadcastPhase.Finished, Status(broadcast).Phase);

        var unknown = Host(BroadcastId + 1);
        unknown.Tell(new ControlBroadcast(BroadcastId + 1, AdminId, BroadcastSwitch.Stop), TestActor);
        Assert.False(ExpectMsg<BroadcastStatus>().Exists);
    }

    // ---------- helpers ----------
    private IActorRef Host(long id = BroadcastId)
    {
        var ports = new BroadcastPorts(_audience, _settings, _clock);
        var entity = Props.Create(() => new BroadcastActor(id.ToString(System.Globalization.CultureInfo.InvariantCulture), ports, _outbox.Ref, _users.Ref));
        return Sys.ActorOf(Props.Create(() => new WatchfulHost(entity, _passivations.Ref)), $"broadcast-{id}-{_incarnation++}");
    }

    private IActorRef Restart(IActorRef host)
    {
        var watcher = CreateTestProbe();
        watcher.Watch(host);
        Sys.Stop(host);
        watcher.ExpectTerminated(host);
        var restarted = Host();
        Status(restarted);
        Status(restarted); // answered after what the actor told itself on recovery
        return restarted;
    }

    private BroadcastStatus Start(IActorRef broadcast)
    {
        broadcast.Tell(new StartBroadcast(BroadcastId, AdminId, AdminChat, Language.English, new BroadcastContent("<b>Hello</b>", null), BroadcastAudience.All), TestActor);
        return ExpectMsg<BroadcastStatus>();
    }

    private BroadcastStatus Control(IActorRef broadcast, BroadcastSwitch change)
    {
        broadcast.Tell(new ControlBroadcast(BroadcastId, AdminId, change), TestActor);
        return ExpectMsg<BroadcastStatus>();
    }

    private BroadcastStatus Status(IActorRef broadcast)
    {
        broadcast.Tell(new GetBroadcastStatus(BroadcastId), TestActor);
        return ExpectMsg<BroadcastStatus>();
    }

    /// <summary>The progress message's post, answered as Telegram would (it gets <see cref="ProgressMessageId"/>).</summary>
    private Deliver PostProgress()
    {
        var post = _outbox.FishForMessage<Deliver>(d => d.Message is OutboundMessage.SendScreen && d.DeliveryId == DeliveryId.BroadcastProgress(BroadcastId));
        _outbox.Reply(new Delivered(post.DeliveryId, post.ChatId, new SendOutcome.Sent([ProgressMessageId])));
        return post;
    }

    /// <summary>The next recipient's copy; progress edits on the way are passed over.</summary>
    private Deliver NextCopy()
    {
        while (true)
        {
            var delivery = _outbox.ExpectMsg<Deliver>();
            if (delivery.DeliveryId.Kind == DeliveryKind.Broadcast && delivery.DeliveryId.Part > 0) return delivery;
            _passedOver.Add(delivery);
        }
    }

    private void Answer(Deliver copy, SendOutcome outcome) => _outbox.Reply(new Delivered(copy.DeliveryId, copy.ChatId, outcome));

    private static SendOutcome Sent() => new SendOutcome.Sent([1]);

    /// <summary>Everything sent to the outbox that no helper took yet (what <see cref="NextCopy"/> passed over first).</summary>
    private List<Deliver> Drain()
    {
        var deliveries = new List<Deliver>(_passedOver);
        _passedOver.Clear();
        while (_outbox.HasMessages) deliveries.Add((Deliver)_outbox.ReceiveOne(TimeSpan.Zero)!);
        return deliveries;
    }

    private static OutboundMessage.EditScreen LastEdit(IEnumerable<Deliver> deliveries) =>
        deliveries.Select(d => d.Message).OfType<OutboundMessage.EditScreen>().Last();

    private static AdminCommand[] Commands(OutboundMessage.EditScreen edit) =>
        edit.Screen.Keyboard!.Buttons.Select(b => ((CallbackAction.Admin)CallbackCodec.Decode(b.CallbackData)).Command).ToArray();

    /// <summary>
    /// Stands in for a shard that keeps its entity: forwards to it and reports its Passivate without stopping it, so a
    /// finished broadcast can still be asked; reports the entity stopping by itself.
    /// </summary>
    private sealed class WatchfulHost : ReceiveActor
    {
        public WatchfulHost(Props entity, IActorRef passivations)
        {
            var child = Context.Watch(Context.ActorOf(entity, "entity"));
            Receive<Akka.Cluster.Sharding.Passivate>(_ => Sender.Equals(child), passivate => passivations.Tell(passivate));
            Receive<Terminated>(_ => passivations.Tell(new EntityStopped()));
            ReceiveAny(message => child.Forward(message));
        }
    }

    private sealed record EntityStopped;

    /// <summary>The read side's audience, as a test sets it; counts how often it was asked.</summary>
    private sealed class InMemoryAudience : IReadSideQueries
    {
        private int _calls;

        public IReadOnlyList<long> Users { get; set; } = [];

        public ConcurrentQueue<BroadcastAudience> Asked { get; } = new();

        public int Calls => Volatile.Read(ref _calls);

        public Task<IReadOnlyList<long>> AudienceAsync(BroadcastAudience audience, DateTimeOffset now, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            Asked.Enqueue(audience);
            return Task.FromResult(Users);
        }

        public Task<long?> UserIdByUsernameAsync(string username, CancellationToken cancellationToken) => Task.FromResult<long?>(null);

        public Task<string?> RequestIdByKieTaskIdAsync(string kieTaskId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
    }
}
