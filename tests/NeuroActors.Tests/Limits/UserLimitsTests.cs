using Akka.TestKit.Xunit2;
using NeuroActors.Actors.Users;
using NeuroActors.Actors.Outbox;
using NeuroActors.Domain.Limits;
using NeuroActors.Domain.Payments;
using NeuroActors.Domain.Telegram.Outbound;
using NeuroActors.Domain.Telegram;
using NeuroActors.Tests.Catalog;
using NeuroActors.Tests.Jobs;

namespace NeuroActors.Tests.Limits;

/// <summary>The free daily quota, the orders-in-progress limit and the update limit, through a user actor on a fake clock.</summary>
public sealed class UserLimitsTests : TestKit
{
    private const long Ann = 5101;
    private const long Admin = 5999;
    private const string FreeModel = "z-image";
    private const string PaidModel = "google/nano-banana";

    public UserLimitsTests() : base(AggregateTestKit.Config)
    {
    }

    private static UserSettings Settings(int freeDaily = 2, int updatesPerMinute = 40, int ordersInProgress = 10) =>
        UserSettings.Default with
        {
            WelcomeCredits = 100,
            AdminIds = new HashSet<long> { Admin },
            Growth = new GrowthSettings(freeDaily, updatesPerMinute, ordersInProgress, 20),
        };

    [Fact]
    public void The_shipped_catalogue_marks_cheap_image_models_free_and_others_not()
    {
        var menu = AggregateTestKit.Menu().Current;
        Assert.True(menu.FindById(FreeModel)!.Free);
        Assert.True(menu.FindById("qwen/text-to-image")!.Free);
        Assert.False(menu.FindById(PaidModel)!.Free);
    }

    [Fact]
    public void Free_generations_come_before_credits_and_the_quota_starts_again_at_midnight_utc()
    {
        var clock = AggregateTestKit.Clock();
        clock.SetUtcNow(new DateTimeOffset(2026, 5, 1, 23, 50, 0, TimeSpan.Zero));
        var users = new GrowthUsers(this, clock, Settings(freeDaily: 2));
        var price = ShippedCatalogTests.Snapshot.Quote(FreeModel).Quote!.CreditsPerVariant;

        var start = GrowthUsers.Texts(users.Say(users.Text(Ann, "/start")));
        var balance = string.Join("\n", GrowthUsers.Texts(users.Say(users.Text(Ann, "/balance"))));
        Assert.Contains("Free generations today: <b>2 of 2</b>", balance, StringComparison.Ordinal);
        Assert.NotEmpty(start);

        // The model list shows the free model as free while some are left.
        var buttons = Enumerable.Range(0, 6)
            .SelectMany(page => GrowthUsers.Buttons(users.Say(users.Tap(Ann, new CallbackAction.OpenKind(Domain.Conversation.MediaKind.Image, page)))))
            .ToList();
        Assert.Contains(buttons, b => b.Text == "Z-Image · 🆓 free");
        Assert.DoesNotContain(buttons, b => b.Text.StartsWith("Nano Banana ·", StringComparison.Ordinal) && b.Text.Contains("🆓", StringComparison.Ordinal));

        // 3 variants with 2 free: only one is paid for, and the confirmation says so.
        var (confirm, shown) = users.Draft(Ann, FreeModel, 3);
        Assert.Contains(GrowthUsers.Texts(shown), t => t.Contains("2 of 3 variants are free", StringComparison.Ordinal));
        users.Confirm(Ann, confirm);
        var first = users.State(Ann);
        Assert.Single(first.OpenOrders);
        Assert.Equal(price, first.Reserved);

        // The quota is used up today: the next one is paid.
        users.Order(Ann, FreeModel, 1);
        Assert.Equal(2 * price, users.State(Ann).Reserved);
        Assert.Contains("Free generations today: <b>0 of 2</b>", string.Join("\n", GrowthUsers.Texts(users.Say(users.Text(Ann, "/balance")))), StringComparison.Ordinal);

        // 00:05 UTC: a new day, free again.
        clock.Advance(TimeSpan.FromMinutes(15));
        users.Order(Ann, FreeModel, 1);
        var after = users.State(Ann);
        Assert.Equal(3, after.OpenOrders.Count);
        Assert.Equal(2 * price, after.Reserved);
        Assert.Contains("Free generations today: <b>1 of 2</b>", string.Join("\n", GrowthUsers.Texts(users.Say(users.Text(Ann, "/balance")))), StringComparison.Ordinal);
    }

    [Fact]
    public void History_shows_an_order_the_quota_paid_as_free_and_counts_only_the_paid_variants_of_a_part_free_one()
    {
        var users = new GrowthUsers(this, AggregateTestKit.Clock(), Settings(freeDaily: 2));
        var price = ShippedCatalogTests.Snapshot.Quote(FreeModel).Quote!.CreditsPerVariant;
        users.Say(users.Text(Ann, "/start"));
        users.Order(Ann, FreeModel, 1);
        var freeOrder = Assert.Single(users.State(Ann).OpenOrders);
        users.Order(Ann, FreeModel, 3); // the last free one, and two paid
        var partFree = Assert.Single(users.State(Ann).OpenOrders, o => o != freeOrder);
        string Entry(string orderId) => string.Join("\n", GrowthUsers.Texts(users.Say(users.Tap(Ann, new CallbackAction.OpenOrder(orderId, 0)))));

        Assert.Contains("Price: 🆓 free (daily quota)", Entry(freeOrder), StringComparison.Ordinal);
        var t = Domain.Texts.UiTexts.English;
        Assert.Contains($"Price: {t.Credits(2 * price)} ({t.Variants(3)} × {t.Credits(price)}, 1 free)", Entry(partFree), StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_not_marked_free_never_takes_the_quota()
    {
        var users = new GrowthUsers(this, AggregateTestKit.Clock(), Settings(freeDaily: 5));
        users.Say(users.Text(Ann, "/start"));
        users.Order(Ann, PaidModel, 1);
        Assert.Equal(ShippedCatalogTests.Snapshot.Quote(PaidModel).Quote!.CreditsPerVariant, users.State(Ann).Reserved);
        Assert.Contains("<b>5 of 5</b>", string.Join("\n", GrowthUsers.Texts(users.Say(users.Text(Ann, "/balance")))), StringComparison.Ordinal);
    }

    [Fact]
    public void At_the_limit_of_orders_in_progress_a_confirm_starts_nothing_and_says_why()
    {
        var users = new GrowthUsers(this, AggregateTestKit.Clock(), Settings(freeDaily: 0, ordersInProgress: 2));
        users.Say(users.Text(Ann, "/start"));
        users.Order(Ann, PaidModel, 1);
        users.Order(Ann, PaidModel, 1);
        var before = users.State(Ann);

        var refused = users.Order(Ann, PaidModel, 1);

        Assert.Contains(GrowthUsers.Texts(refused), t => t.Contains("2 orders in progress, the most at once", StringComparison.Ordinal));
        var after = users.State(Ann);
        Assert.Equal(2, after.OpenOrders.Count);
        Assert.Equal(before.Reserved, after.Reserved);
    }

    [Fact]
    public void A_flood_gets_one_notice_its_updates_are_accepted_and_recorded_and_a_user_who_slows_down_is_answered_again()
    {
        var clock = AggregateTestKit.Clock();
        var users = new GrowthUsers(this, clock, Settings(updatesPerMinute: 5));
        var accepted = new List<UpdateAccepted>();
        var texts = new List<string>();
        var updates = Enumerable.Range(0, 12).Select(_ => users.Text(Ann, "/balance")).ToList();
        foreach (var update in updates)
        {
            accepted.Add(users.Send(update));
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        users.State(Ann);
        texts.AddRange(GrowthUsers.Texts(users.Drain()));

        Assert.All(accepted, a => Assert.False(a.Duplicate));
        Assert.Equal(5, texts.Count(t => t.Contains("Balance", StringComparison.Ordinal)));
        Assert.Single(texts, t => t.Contains("slow down", StringComparison.Ordinal));

        // Dropped updates are recorded as handled: Telegram sending one again changes nothing.
        Assert.True(users.Send(updates[^1]).Duplicate);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Contains(GrowthUsers.Texts(users.Say(users.Text(Ann, "/balance"))), t => t.Contains("Balance", StringComparison.Ordinal));
    }

    [Fact]
    public void During_a_flood_a_pre_checkout_is_answered_and_a_payment_is_credited()
    {
        var clock = AggregateTestKit.Clock();
        var users = new GrowthUsers(this, clock, Settings(updatesPerMinute: 3));
        for (var i = 0; i < 6; i++)
        {
            users.Send(users.Text(Ann, "/balance"));
        }

        users.State(Ann);
        Assert.Single(GrowthUsers.Texts(users.Drain()), t => t.Contains("slow down", StringComparison.Ordinal));
        var pack = TopUpPacks.Default.All[0];
        var payment = new IncomingPayment("XTR", pack.Stars, InvoicePayload.ForTopUp(pack), PreCheckoutQueryId: "pcq-1");

        users.Send(new IncomingUpdate(900_001, Ann, Ann, PrivateChat: true, UpdateKind.PreCheckoutQuery, "Ann", "en", Payment: payment));
        users.Send(new IncomingUpdate(900_002, Ann, Ann, PrivateChat: true, UpdateKind.SuccessfulPayment, "Ann", "en", Payment: payment with { PreCheckoutQueryId = null, ChargeId = "charge-flood" }));

        Assert.Equal(100 + pack.Credits, users.State(Ann).Balance);
        Assert.Contains(users.Drain(), d => d.Message is OutboundMessage.AnswerPreCheckout { ErrorMessage: null });
    }

    [Fact]
    public void Admins_updates_are_never_dropped()
    {
        var users = new GrowthUsers(this, AggregateTestKit.Clock(), Settings(updatesPerMinute: 2));
        for (var i = 0; i < 6; i++)
        {
            Assert.Contains(GrowthUsers.Texts(users.Say(users.Text(Admin, "/balance"))), t => t.Contains("Balance", StringComparison.Ordinal));
        }
    }
}
