using System.Globalization;
using Akka.Actor;
using Akka.Hosting;
using Akka.TestKit;
using Microsoft.Extensions.Time.Testing;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Outbox;
using NeuroActors.Actors.Promos;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Telegram.Outbound;

namespace NeuroActors.Tests.Limits;

/// <summary>
/// Users as the node hosts them, for the growth tests: a user "region" that starts a <see cref="UserActor"/> per user id
/// (so users can ask each other, as a referral does), a promo "region" of real <see cref="PromoActor"/>s, both in the
/// actor registry where the actors look them up, one outbox probe and one jobs probe.
/// </summary>
internal sealed class GrowthUsers
{
    private readonly TestKitBase _kit;
    private readonly IActorRef _users;
    private long _nextUpdateId;

    public GrowthUsers(TestKitBase kit, FakeTimeProvider clock, UserSettings settings, string? botUsername = "neuro_test_bot")
    {
        _kit = kit;
        Clock = clock;
        Outbox = kit.CreateTestProbe("outbox");
        Jobs = kit.CreateTestProbe("jobs");
        var ports = new UserPorts(settings, NeuroActors.Tests.Jobs.AggregateTestKit.Menu(), clock, Bot: new BotIdentity(botUsername));
        var outbox = new Given<OutboxActor>(Outbox.Ref);
        var jobs = new Given<JobRegion>(Jobs.Ref);
        Func<string, Props> user = id => Props.Create(() => new UserActor(id, ports, outbox, jobs));
        Func<object, string?> userOf = message => message is IUserCommand c ? c.UserId.ToString(CultureInfo.InvariantCulture) : null;
        Func<string, Props> promo = id => id == PromoIndex.EntityId ? Props.Create(() => new PromoIndex(clock)) : Props.Create(() => new PromoActor(id, clock));
        Func<object, string?> promoOf = message => message is IPromoCommand c ? c.Code : null;
        _users = kit.Sys.ActorOf(Props.Create(() => new Region(user, userOf)), "users");
        Promos = kit.Sys.ActorOf(Props.Create(() => new Region(promo, promoOf)), "promos");
        var registry = ActorRegistry.For(kit.Sys);
        registry.Register<UserRegion>(_users);
        registry.Register<PromoRegion>(Promos);
    }

    public FakeTimeProvider Clock { get; }

    public TestProbe Outbox { get; }

    public TestProbe Jobs { get; }

    public IActorRef Promos { get; }

    public IncomingUpdate Text(long userId, string text, string language = "en") =>
        new(++_nextUpdateId, userId, userId, PrivateChat: true, UpdateKind.Text, "User" + userId, language, Text: text);

    public IncomingUpdate Tap(long userId, CallbackAction action) =>
        new(++_nextUpdateId, userId, userId, PrivateChat: true, UpdateKind.CallbackQuery, "User" + userId, "en",
            CallbackQueryId: "cq" + _nextUpdateId, CallbackData: CallbackCodec.Encode(action), MessageId: 500);

    /// <summary>Sends an update and waits for its answer; returns the answer.</summary>
    public UpdateAccepted Send(IncomingUpdate update)
    {
        _users.Tell(new HandleUpdate(update.UserId, update), _kit.TestActor);
        return _kit.ExpectMsg<UpdateAccepted>();
    }

    /// <summary>Sends an update; returns the texts the user got for it (and anything else sent meanwhile).</summary>
    public List<Deliver> Say(IncomingUpdate update)
    {
        Send(update);
        State(update.UserId);
        return Drain();
    }

    public UserStateReply State(long userId)
    {
        _users.Tell(new GetUserState(userId), _kit.TestActor);
        return _kit.ExpectMsg<UserStateReply>();
    }

    /// <summary>Waits until the user's chat got a message whose text contains <paramref name="fragment"/>; returns it.</summary>
    public string WaitForText(long userId, string fragment)
    {
        var message = Outbox.FishForMessage<Deliver>(d => d.ChatId == userId && TextOf(d)?.Contains(fragment, StringComparison.Ordinal) == true);
        return TextOf(message)!;
    }

    public List<Deliver> Drain()
    {
        var deliveries = new List<Deliver>();
        while (Outbox.HasMessages)
        {
            deliveries.Add((Deliver)Outbox.ReceiveOne(TimeSpan.Zero)!);
        }

        return deliveries;
    }

    public static string? TextOf(Deliver deliver) => deliver.Message switch
    {
        OutboundMessage.SendScreen send => send.Screen.Html,
        OutboundMessage.EditScreen edit => edit.Screen.Html,
        OutboundMessage.AnswerCallback answer => answer.Text,
        _ => null,
    };

    public static IEnumerable<string> Texts(IEnumerable<Deliver> deliveries) => deliveries.Select(TextOf).OfType<string>();

    public static IEnumerable<InlineButton> Buttons(IEnumerable<Deliver> deliveries) =>
        deliveries.Select(d => d.Message switch
            {
                OutboundMessage.SendScreen send => send.Screen.Keyboard,
                OutboundMessage.EditScreen edit => edit.Screen.Keyboard,
                _ => null,
            })
            .OfType<InlineKeyboard>()
            .SelectMany(k => k.Buttons);

    public static IEnumerable<CallbackAction> Actions(IEnumerable<Deliver> deliveries) =>
        Buttons(deliveries).Where(b => b.CallbackData is not null).Select(b => CallbackCodec.Decode(b.CallbackData));

    /// <summary>/start (once), the model, a prompt, the variants; returns what the confirmation showed (Confirm not tapped).</summary>
    public (CallbackAction.Confirm Confirm, List<Deliver> Shown) Draft(long userId, string modelId, int variants)
    {
        Say(Tap(userId, new CallbackAction.PickModel(ModelKey.Of(modelId))));
        var choose = Actions(Say(Text(userId, "a red fox in snow"))).OfType<CallbackAction.ChooseVariants>().First(c => c.Variants == variants);
        var shown = Say(Tap(userId, choose));
        return (Actions(shown).OfType<CallbackAction.Confirm>().Single(), shown);
    }

    /// <summary>A whole order up to Confirm; returns what the order answered.</summary>
    public List<Deliver> Order(long userId, string modelId, int variants) => Confirm(userId, Draft(userId, modelId, variants).Confirm);

    /// <summary>Taps Confirm, and ✅ I agree when the terms come first (the user's first order); returns what the order answered.</summary>
    public List<Deliver> Confirm(long userId, CallbackAction.Confirm confirm)
    {
        var confirmed = Say(Tap(userId, confirm));
        return Actions(confirmed).OfType<CallbackAction.AcceptTerms>().SingleOrDefault() is { } agree ? Say(Tap(userId, agree)) : confirmed;
    }

    /// <summary>Stands in for a shard region: one child per entity id, each message forwarded to its entity.</summary>
    private sealed class Region : ReceiveActor
    {
        public Region(Func<string, Props> props, Func<object, string?> entityOf)
        {
            ReceiveAny(message =>
            {
                if (entityOf(message) is not { } id)
                {
                    Unhandled(message);
                    return;
                }

                var name = Uri.EscapeDataString(id);
                var child = Context.Child(name);
                if (child.IsNobody())
                {
                    child = Context.ActorOf(props(id), name);
                }

                child.Forward(message);
            });
        }
    }

    private sealed class Given<TActor>(IActorRef actor) : IRequiredActor<TActor>
    {
        public IActorRef ActorRef => actor;

        public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(actor);
    }
}
