using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Microsoft.Extensions.Time.Testing;
using NeuroActors.Actors.Admin;
using NeuroActors.Actors.Broadcasts;
using NeuroActors.Actors.Outbox;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Accounts;
using NeuroActors.Domain.Broadcasts;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;
using NeuroActors.Tests.Catalog;
using NeuroActors.Tests.Jobs;

namespace NeuroActors.Tests.Admin;

/// <summary>The admin actor against probes for the user region, the outbox and the broadcast region, on the round-trip journal.</summary>
public sealed class AdminActorTests : TestKit
{
    private const long AdminId = 42;
    private const long AnnId = 1234;

    private readonly FakeTimeProvider _clock = AggregateTestKit.Clock();
    private readonly TestProbe _users;
    private readonly TestProbe _outbox;
    private readonly TestProbe _broadcasts;
    private readonly IActorRegistry _registry;
    private int _incarnation;

    public AdminActorTests() : base(AggregateTestKit.Config)
    {
        _users = CreateTestProbe("users");
        _outbox = CreateTestProbe("outbox");
        _broadcasts = CreateTestProbe("broadcasts");
        var registry = ActorRegistry.For(Sys);
        registry.Register<UserRegion>(_users.Ref);
        registry.Register<OutboxActor>(_outbox.Ref);
        registry.Register<BroadcastRegion>(_broadcasts.Ref);
        _registry = registry;
    }

    [Fact]
    public void A_grant_whose_answer_a_crash_lost_is_applied_again_after_recovery_with_the_same_action_id_and_a_redelivery_changes_nothing()
    {
        var admin = Admin();
        admin.Tell(new HandleAdminUpdate(AdminId, Text(10, $"/grant {AnnId} 50 compensation")), TestActor);
        Assert.False(ExpectMsg<UpdateAccepted>().Duplicate);
        var asked = _users.ExpectMsg<ApplyAccountAction>();
        Assert.Equal(new AccountRequest("tg:10", AccountActionKind.Grant, 50, "admin:42", "compensation"), asked.Request);

        // The node dies before the user answered: the audit record is in the journal, its completion is not.
        admin = Restart(admin);
        var again = _users.ExpectMsg<ApplyAccountAction>();
        Assert.Equal("tg:10", again.Request.ActionId);
        _users.Reply(new AccountActionReply(AccountOutcome.Applied, Ann(balance: 170)));
        Assert.Equal("✅ +50 credits to Ann (id 1234), reason: compensation. Balance: 170.", Screen(_outbox.ExpectMsg<Deliver>()).Html);

        // Telegram sends the same update again: accepted as a duplicate, nothing asked of the user. The forwarded /help
        // is the marker: it is the next thing the user region hears.
        admin.Tell(new HandleAdminUpdate(AdminId, Text(10, $"/grant {AnnId} 50 compensation")), TestActor);
        Assert.True(ExpectMsg<UpdateAccepted>().Duplicate);
        admin.Tell(new HandleAdminUpdate(AdminId, Text(11, "/help")), TestActor);
        var forwarded = _users.ExpectMsg<HandleUpdate>();
        Assert.Equal("/help", forwarded.Update.Text);
        Assert.Equal(TestActor, _users.LastSender); // the user answers the gateway itself

        // Completed now: a later recovery does not apply it again.
        admin = Restart(admin);
        admin.Tell(new HandleAdminUpdate(AdminId, Text(12, "/help")), TestActor);
        Assert.Equal(12, _users.ExpectMsg<HandleUpdate>().Update.UpdateId);
    }

    [Fact]
    public void A_malformed_or_oversized_grant_is_refused_and_nothing_is_asked_of_the_user()
    {
        var admin = Admin();
        admin.Tell(new HandleAdminUpdate(AdminId, Text(20, $"/grant {AnnId} 100001 too much")), TestActor);
        ExpectMsg<UpdateAccepted>();
        Assert.Contains("Admin:MaxGrant", Screen(_outbox.ExpectMsg<Deliver>()).Html, StringComparison.Ordinal);
        admin.Tell(new HandleAdminUpdate(AdminId, Text(21, $"/debit {AnnId} 0 nothing")), TestActor);
        ExpectMsg<UpdateAccepted>();
        Assert.Contains("positive whole number", Screen(_outbox.ExpectMsg<Deliver>()).Html, StringComparison.Ordinal);

        admin.Tell(new HandleAdminUpdate(AdminId, Text(22, "/help")), TestActor);
        Assert.Equal(22, _users.ExpectMsg<HandleUpdate>().Update.UpdateId);
    }

    [Fact]
    public void A_composed_broadcast_starts_once_however_often_confirm_is_tapped_and_survives_a_restart_before_its_start()
    {
        var admin = Admin();
        admin.Tell(new HandleAdminUpdate(AdminId, Text(30, "/broadcast")), TestActor);
        ExpectMsg<UpdateAccepted>();
        _outbox.ExpectMsg<Deliver>(); // asks for the content
        admin.Tell(new HandleAdminUpdate(AdminId, Text(31, "<b>News</b>")), TestActor);
        ExpectMsg<UpdateAccepted>();
        var audience = Screen(_outbox.ExpectMsg<Deliver>());
        Assert.Contains(audience.Keyboard!.Buttons, b => CallbackCodec.Decode(b.CallbackData) == new CallbackAction.Admin(AdminCommand.BroadcastToRussian, 30));

        admin.Tell(new HandleAdminUpdate(AdminId, Tap(32, new CallbackAction.Admin(AdminCommand.BroadcastToRussian, 30))), TestActor);
        ExpectMsg<UpdateAccepted>();
        Assert.IsType<OutboundMessage.AnswerCallback>(_outbox.ExpectMsg<Deliver>().Message);
        Assert.Equal(new OutboundMessage.SendScreen(new Screen("<b>News</b>", null)), _outbox.ExpectMsg<Deliver>().Message); // the preview
        _outbox.ExpectMsg<Deliver>(); // confirm or cancel

        var confirm = new CallbackAction.Admin(AdminCommand.ConfirmBroadcast, 30);
        admin.Tell(new HandleAdminUpdate(AdminId, Tap(33, confirm)), TestActor);
        admin.Tell(new HandleAdminUpdate(AdminId, Tap(34, confirm)), TestActor);
        ExpectMsg<UpdateAccepted>();
        ExpectMsg<UpdateAccepted>();
        Assert.Equal(
            new StartBroadcast(30, AdminId, AdminId, Language.English, new BroadcastContent("<b>News</b>", null), BroadcastAudience.Russian),
            _broadcasts.ExpectMsg<StartBroadcast>());
        var told = new[] { _outbox.ExpectMsg<Deliver>(), _outbox.ExpectMsg<Deliver>(), _outbox.ExpectMsg<Deliver>() }.Select(d => d.Message).ToArray();
        Assert.Contains(new OutboundMessage.AnswerCallback("q34", AdminTexts.BroadcastAlreadyStarted(Language.English)), told);
        Assert.Single(told, m => m is OutboundMessage.SendScreen { Screen.Html: var html } && html.StartsWith("🚀", StringComparison.Ordinal));

        // The start's completion is recorded: a restart does not start it again, a later tap hears it already started,
        // and the progress message's buttons reach the broadcast.
        admin = Restart(admin);
        admin.Tell(new HandleAdminUpdate(AdminId, Tap(35, confirm)), TestActor);
        ExpectMsg<UpdateAccepted>();
        Assert.Equal(new OutboundMessage.AnswerCallback("q35", AdminTexts.BroadcastAlreadyStarted(Language.English)), _outbox.ExpectMsg<Deliver>().Message);
        admin.Tell(new HandleAdminUpdate(AdminId, Tap(36, new CallbackAction.Admin(AdminCommand.PauseBroadcast, 30))), TestActor);
        ExpectMsg<UpdateAccepted>();
        Assert.Equal(new ControlBroadcast(30, AdminId, BroadcastSwitch.Pause), _broadcasts.ExpectMsg<ControlBroadcast>());
    }

    private IActorRef Admin()
    {
        var ports = new AdminPorts(
            new AdminSettings(new HashSet<long> { AdminId }, 100_000, Language.English),
            new CatalogHolder(ShippedCatalogTests.Snapshot),
            null,
            null,
            _clock,
            _registry,
            null);
        return Sys.ActorOf(Props.Create(() => new AdminActor(AdminId.ToString(System.Globalization.CultureInfo.InvariantCulture), ports)), $"admin-{_incarnation++}");
    }

    private IActorRef Restart(IActorRef admin)
    {
        var watcher = CreateTestProbe();
        watcher.Watch(admin);
        Sys.Stop(admin);
        watcher.ExpectTerminated(admin);
        return Admin();
    }

    private static IncomingUpdate Text(long updateId, string text) =>
        new(updateId, AdminId, AdminId, true, UpdateKind.Text, "Boss", "en", text);

    private static IncomingUpdate Tap(long updateId, CallbackAction action) =>
        new(updateId, AdminId, AdminId, true, UpdateKind.CallbackQuery, "Boss", "en", CallbackQueryId: "q" + updateId, CallbackData: CallbackCodec.Encode(action), MessageId: 500);

    private static Screen Screen(Deliver deliver) => Assert.IsType<OutboundMessage.SendScreen>(deliver.Message).Screen;

    private static UserStateReply Ann(long balance) => new(AnnId, true, "Ann", "en", balance, 0, balance, false, [], []);
}
