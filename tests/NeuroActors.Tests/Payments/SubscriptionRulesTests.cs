using NeuroActors.Domain.Configuration;
using NeuroActors.Domain.Conversation;
using Screens = NeuroActors.Domain.Conversation.Screens;
using NeuroActors.Domain.Credits;
using NeuroActors.Domain.Payments;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Tests.Payments;

/// <summary>The subscription's pure rules: the plan setting, the payload, the pre-checkout, the book's transitions, the desk and housekeeping's scan.</summary>
public sealed class SubscriptionRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SubscriptionPlan Plan = new(300, 125);

    private static IncomingPayment Paid(string chargeId, bool first, DateTimeOffset? expires = null, string payload = "sub:300:125", long stars = 125) =>
        new("XTR", stars, payload, chargeId, IsRecurring: true, SubscriptionExpiresAt: expires ?? Now + SubscriptionPlan.Period, IsFirstRecurring: first);

    private static SubscriptionBook Fold(SubscriptionBook book, IEnumerable<SubscriptionEvent> events) => events.Aggregate(book, (b, e) => b.Apply(e));

    private static (SubscriptionBook Book, CreditLedger Ledger) Take(SubscriptionBook book, CreditLedger ledger, IncomingPayment payment, DateTimeOffset at)
    {
        var taken = book.Take(payment, ledger, paidBefore: false, at)!;
        return (Fold(book, taken.Events), taken.LedgerEvents.Aggregate(ledger, (l, e) => l.Apply(e)));
    }

    [Fact]
    public void The_plan_setting_reads_credits_and_stars_off_and_empty_mean_none_and_absent_means_the_default()
    {
        Assert.Equal(new SubscriptionPlan(300, 150), SubscriptionPlan.Parse("300:150"));
        Assert.Equal(new SubscriptionPlan(300, 150), SubscriptionPlan.Parse(" 300 : 150 "));
        Assert.Null(SubscriptionPlan.Parse("off"));
        Assert.Null(SubscriptionPlan.Parse("OFF"));
        Assert.Null(SubscriptionPlan.Parse(""));
        Assert.Equal(SubscriptionPlan.Default, SubscriptionPlan.Read(new SettingReader(_ => null)));
        Assert.Null(SubscriptionPlan.Read(new SettingReader(key => key == SubscriptionPlan.Key ? "" : null)));
        Assert.Equal(new SubscriptionPlan(300, 125), SubscriptionPlan.Default);
    }

    [Theory]
    [InlineData("300", "is not credits:stars")]
    [InlineData("300:abc", "is not credits:stars")]
    [InlineData("0:100", "grants 0 credits")]
    [InlineData("300:0", "costs 0 stars")]
    [InlineData("300:10001", "costs 10001 stars")]
    [InlineData("-5:100", "is not credits:stars")]
    public void A_bad_plan_stops_the_node_naming_the_setting_and_the_fix(string text, string problem)
    {
        var error = Assert.Throws<BadSettingException>(() => SubscriptionPlan.Parse(text));
        Assert.Contains(SubscriptionPlan.Key, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("credits:stars", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_payload_names_the_plan_and_only_the_canonical_form_reads_back()
    {
        Assert.Equal("sub:300:125", SubscriptionPayload.For(Plan));
        Assert.Equal(Plan, SubscriptionPayload.Read("sub:300:125"));
        Assert.True(SubscriptionPayload.Claims("sub:garbage"));
        Assert.False(SubscriptionPayload.Claims("topup:100:50"));
        foreach (var garbage in new[] { "sub:0300:125", "sub:300:125:1", "sub:300", "sub:a:b", "sub:300:10001", "sub: 300:125", "topup:300:125", "", "sub:" + new string('9', 70) })
        {
            Assert.Null(SubscriptionPayload.Read(garbage));
        }
    }

    [Fact]
    public void The_pre_checkout_is_ok_only_for_the_plan_on_sale_at_its_price_from_a_user_not_banned()
    {
        Assert.True(SubscriptionCheckout.Decide("sub:300:125", "XTR", 125, Plan, banned: false).IsOk);
        Assert.Equal(PreCheckoutRefusal.PackNotOnSale, SubscriptionCheckout.Decide("sub:300:100", "XTR", 100, Plan, banned: false).Refusal);
        Assert.Equal(PreCheckoutRefusal.PackNotOnSale, SubscriptionCheckout.Decide("sub:300:125", "XTR", 125, null, banned: false).Refusal);
        Assert.Equal(PreCheckoutRefusal.WrongAmount, SubscriptionCheckout.Decide("sub:300:125", "XTR", 100, Plan, banned: false).Refusal);
        Assert.Equal(PreCheckoutRefusal.WrongAmount, SubscriptionCheckout.Decide("sub:300:125", "USD", 125, Plan, banned: false).Refusal);
        Assert.Equal(PreCheckoutRefusal.UnknownInvoice, SubscriptionCheckout.Decide("sub:oops", "XTR", 125, Plan, banned: false).Refusal);
        Assert.Equal(PreCheckoutRefusal.Banned, SubscriptionCheckout.Decide("sub:300:125", "XTR", 125, Plan, banned: true).Refusal);
        Assert.Contains("/subscription", SubscriptionTexts.Refusal(Language.English, PreCheckoutRefusal.PackNotOnSale), StringComparison.Ordinal);
        Assert.Contains("/subscription", SubscriptionTexts.Refusal(Language.Russian, PreCheckoutRefusal.PackNotOnSale), StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_payment_starts_the_subscription_and_grants_its_credits_once_per_charge()
    {
        var ledger = CreditLedger.Empty;
        var taken = SubscriptionBook.Empty.Take(Paid("c1", first: true), ledger, paidBefore: false, Now)!;
        Assert.Equal(PaymentTaken.Credited, taken.Taken);
        var paid = Assert.IsType<SubscriptionPaid>(Assert.Single(taken.Events));
        Assert.Equal(("c1", "c1", 300L, 125L, true, true), (paid.ChargeId, paid.SubscriptionId, paid.Credits, paid.Stars, paid.Starts, paid.IsFirstPaid));
        var grant = Assert.IsType<CreditsGranted>(Assert.Single(taken.LedgerEvents));
        Assert.Equal(("pay:c1", 300L), (grant.GrantId, grant.Amount));

        var (book, after) = Take(SubscriptionBook.Empty, ledger, Paid("c1", first: true), Now);
        Assert.Equal(300, after.Balance);
        var running = book.Running!;
        Assert.Equal(("c1", Now + SubscriptionPlan.Period, false), (running.Id, running.ExpiresAt, running.Canceled));
        Assert.Equal(["c1"], book.Unthanked);

        var again = book.Take(Paid("c1", first: true), after, paidBefore: false, Now);
        Assert.Equal(PaymentTaken.AlreadyTaken, again!.Taken);
        Assert.Empty(again.Events);
        Assert.Empty(again.LedgerEvents);

        // Someone who paid a pack before: not their first payment (a referral bonus hangs on the first).
        Assert.False(((SubscriptionPaid)SubscriptionBook.Empty.Take(Paid("c9", first: true), ledger, paidBefore: true, Now)!.Events[0]).IsFirstPaid);
    }

    [Fact]
    public void Renewals_grant_once_each_keep_the_subscription_id_and_move_its_end()
    {
        var (book, ledger) = Take(SubscriptionBook.Empty, CreditLedger.Empty, Paid("c1", first: true), Now);
        var second = Now + SubscriptionPlan.Period;
        (book, ledger) = Take(book, ledger, Paid("c2", first: false, expires: second + SubscriptionPlan.Period), second);
        (book, ledger) = Take(book, ledger, Paid("c3", first: false, expires: second + (2 * SubscriptionPlan.Period)), second + SubscriptionPlan.Period);

        Assert.Equal(900, ledger.Balance);
        Assert.Equal("c1", book.Running!.Id);
        Assert.Equal(second + (2 * SubscriptionPlan.Period), book.Running.ExpiresAt);
        Assert.Equal(3, book.Charges.Count);
        Assert.All(book.Charges.Values, c => Assert.Equal("c1", c.SubscriptionId));
        Assert.False(((SubscriptionPaid)book.Take(Paid("c4", first: false), ledger, false, Now)!.Events[0]).IsFirstPaid);
    }

    [Fact]
    public void A_payment_whose_amount_or_currency_differs_from_its_payload_is_not_the_subscriptions()
    {
        Assert.Null(SubscriptionBook.Empty.Take(Paid("c1", first: true, stars: 100), CreditLedger.Empty, false, Now));
        Assert.Null(SubscriptionBook.Empty.Take(Paid("c1", first: true) with { Currency = "USD" }, CreditLedger.Empty, false, Now));
        Assert.Null(SubscriptionBook.Empty.Take(Paid("c1", first: true, payload: "sub:junk"), CreditLedger.Empty, false, Now));
    }

    [Fact]
    public void Cancelling_and_resuming_are_recorded_only_for_the_running_subscription_and_only_when_they_change_it()
    {
        var (book, _) = Take(SubscriptionBook.Empty, CreditLedger.Empty, Paid("c1", first: true), Now);
        Assert.Empty(book.SetCanceled("c1", false, Now));
        Assert.Empty(book.SetCanceled("other", true, Now));
        book = Fold(book, book.SetCanceled("c1", true, Now));
        Assert.True(book.Running!.Canceled);
        Assert.Empty(book.SetCanceled("c1", true, Now));
        book = Fold(book, book.SetCanceled("c1", false, Now));
        Assert.False(book.Running!.Canceled);
    }

    [Fact]
    public void A_subscription_ends_at_its_expiration_date_once_and_a_renewal_before_it_keeps_it_running()
    {
        var (book, ledger) = Take(SubscriptionBook.Empty, CreditLedger.Empty, Paid("c1", first: true), Now);
        var end = Now + SubscriptionPlan.Period;
        Assert.Empty(book.ExpireIfDue("c1", end - TimeSpan.FromSeconds(1)));
        Assert.Empty(book.ExpireIfDue("another", end));

        var expired = Assert.IsType<SubscriptionExpired>(Assert.Single(book.ExpireIfDue("c1", end)));
        Assert.Equal(end, expired.ExpiresAt);
        var ended = Fold(book, [expired]);
        Assert.Null(ended.Running);
        Assert.Empty(ended.ExpireIfDue("c1", end + TimeSpan.FromDays(1)));

        // Renewed first: the end moved, so the old date ends nothing, and an end computed before the renewal is ignored.
        var (renewed, _) = Take(book, ledger, Paid("c2", first: false, expires: end + SubscriptionPlan.Period), end - TimeSpan.FromHours(1));
        Assert.Empty(renewed.ExpireIfDue("c1", end));
        Assert.NotNull(Fold(renewed, [expired]).Running);

        // A renewal Telegram charged after the end revives the same subscription (its id is what Telegram knows it by).
        var (revived, _) = Take(ended, ledger, Paid("c3", first: false, expires: end + SubscriptionPlan.Period), end + TimeSpan.FromHours(2));
        Assert.Equal(("c1", end + SubscriptionPlan.Period), (revived.Running!.Id, revived.Running.ExpiresAt));

        // After the end, a new first payment starts a new subscription with its own id.
        var (again, _) = Take(ended, ledger, Paid("c7", first: true, expires: end + TimeSpan.FromDays(40)), end + TimeSpan.FromDays(10));
        Assert.Equal(("c7", false), (again.Running!.Id, again.Running.Canceled));
    }

    [Fact]
    public void An_ended_subscription_is_untold_until_its_notice_is_recorded_and_a_revival_that_ends_again_needs_a_new_one()
    {
        var (book, ledger) = Take(SubscriptionBook.Empty, CreditLedger.Empty, Paid("c1", first: true), Now);
        var end = Now + SubscriptionPlan.Period;
        Assert.Null(book.EndUntold);

        var ended = Fold(book, book.ExpireIfDue("c1", end));
        Assert.Equal("c1", ended.EndUntold?.Id);
        var told = Fold(ended, [new SubscriptionEndTold("c1", end)]);
        Assert.Null(told.EndUntold);
        Assert.False(Fold(book, [new SubscriptionEndTold("c1", end)]).Current!.EndTold); // still running: such a notice changes nothing

        var (revived, _) = Take(told, ledger, Paid("c2", first: false, expires: end + SubscriptionPlan.Period), end + TimeSpan.FromHours(1));
        Assert.Null(revived.EndUntold);
        var endedAgain = Fold(revived, revived.ExpireIfDue("c1", end + SubscriptionPlan.Period));
        Assert.Equal("c1", endedAgain.EndUntold?.Id);
    }

    [Fact]
    public void A_refunded_period_takes_its_credits_back_never_below_zero_once_and_is_not_thanked_again()
    {
        var (book, ledger) = Take(SubscriptionBook.Empty, CreditLedger.Empty, Paid("c1", first: true), Now);
        Assert.Null(book.CheckRefund("unknown", ledger));
        Assert.Null(book.RecordRefund("unknown", "r", "admin", ledger, Now));
        Assert.Equal(new RefundCheck(RefundStanding.Ready, 300, 125, 300, 0), book.CheckRefund("c1", ledger));

        var spent = ledger.Debit("spent", 200, "test", Now).Events.Aggregate(ledger, (l, e) => l.Apply(e));
        var (events, ledgerEvents, check) = book.RecordRefund("c1", "asked", "admin:1", spent, Now)!.Value;
        Assert.Equal(new RefundCheck(RefundStanding.ReadyWithShortfall, 300, 125, 100, 200), check);
        var debit = Assert.IsType<CreditsDebited>(Assert.Single(ledgerEvents));
        Assert.Equal(("refund:c1", 100L), (debit.DebitId, debit.Amount));
        book = Fold(book, events);
        Assert.Equal(RefundStanding.AlreadyRefunded, book.CheckRefund("c1", spent)!.Standing);
        Assert.Empty(book.RecordRefund("c1", "again", "telegram", spent, Now)!.Value.Events);
        Assert.Empty(book.Unthanked);
        Assert.NotNull(book.Running); // the subscription runs on until cancelled
    }

    [Fact]
    public void The_desk_asks_for_a_link_without_a_subscription_and_shows_the_state_with_cancel_confirm_and_resume_with_one()
    {
        var none = SubscriptionDesk.Decide(new ConversationInput.Command("subscription", ""), Plan, SubscriptionBook.Empty, Language.English)!;
        Assert.Empty(none.Replies);
        Assert.Equal(new SubscriptionCall.MakeLink(Plan, Language.English, null), none.Call);
        var notSold = SubscriptionDesk.Decide(new ConversationInput.Command("subscription", ""), null, SubscriptionBook.Empty, Language.English)!;
        Assert.Null(notSold.Call);
        Assert.Contains("No subscription is on sale", Assert.IsType<OutboundMessage.SendScreen>(Assert.Single(notSold.Replies)).Screen.Html, StringComparison.Ordinal);
        Assert.Null(SubscriptionDesk.Decide(new ConversationInput.Command("buy", ""), Plan, SubscriptionBook.Empty, Language.English));

        var (book, _) = Take(SubscriptionBook.Empty, CreditLedger.Empty, Paid("c1", first: true), Now);
        var state = Assert.IsType<OutboundMessage.SendScreen>(Assert.Single(SubscriptionDesk.Decide(new ConversationInput.Command("subscription", ""), Plan, book, Language.English)!.Replies)).Screen;
        Assert.Contains("Next renewal: <b>2026-05-31</b>", state.Html, StringComparison.Ordinal);
        Assert.Contains(state.Keyboard!.Buttons, b => b.CallbackData == CallbackCodec.Encode(new CallbackAction.Subscription(SubscriptionTap.Cancel)));

        ConversationInput Tap(SubscriptionTap tap) => new ConversationInput.ButtonTapped("cq", 77, new CallbackAction.Subscription(tap));
        var confirm = SubscriptionDesk.Decide(Tap(SubscriptionTap.Cancel), Plan, book, Language.English)!;
        Assert.Null(confirm.Call);
        Assert.Contains("Cancel the subscription?", Assert.IsType<OutboundMessage.EditScreen>(confirm.Replies[1]).Screen.Html, StringComparison.Ordinal);
        Assert.Equal(new SubscriptionCall.SetCanceled("c1", true, Language.English, 77), SubscriptionDesk.Decide(Tap(SubscriptionTap.ConfirmCancel), Plan, book, Language.English)!.Call);
        Assert.Null(SubscriptionDesk.Decide(Tap(SubscriptionTap.Resume), Plan, book, Language.English)!.Call); // not cancelled: shows the state

        var canceled = Fold(book, book.SetCanceled("c1", true, Now));
        var canceledScreen = SubscriptionDesk.State(canceled.Running!, Language.Russian);
        Assert.Contains("2026-05-31", canceledScreen.Html, StringComparison.Ordinal);
        Assert.Equal(new SubscriptionCall.SetCanceled("c1", false, Language.English, 77), SubscriptionDesk.Decide(Tap(SubscriptionTap.Resume), Plan, canceled, Language.English)!.Call);
        Assert.Contains("ends on <b>2026-05-31</b>", SubscriptionDesk.State(canceled.Running!, Language.English).Html, StringComparison.Ordinal);

        var link = SubscriptionDesk.Offer(Plan, Language.English, "https://t.me/$abc").Keyboard!.Buttons.First();
        Assert.Equal("https://t.me/$abc", link.Url);
        var invoice = SubscriptionDesk.Invoice(Plan, Language.Russian);
        Assert.Equal(("sub:300:125", 125L, 2_592_000), (invoice.Payload, invoice.Stars, invoice.PeriodSeconds));
        Assert.True(invoice.Title.Length <= 32);
    }

    [Fact]
    public void The_balance_screen_offers_the_subscription_beside_top_up_and_a_subscriber_sees_the_plan_and_renewal_date()
    {
        var menu = Conversation.TestMenu.Create();
        var setup = new ConversationSetup(menu, Packs: TopUpPacks.Default, SubscriptionPlan: Plan);
        var open = CallbackCodec.Encode(new CallbackAction.Subscription(SubscriptionTap.Open));

        var offered = new Screens(UiTexts.English, setup).Balance(40, 0);
        Assert.Equal([CallbackCodec.Encode(CallbackAction.OpenTopUp.Instance), open], offered.Keyboard!.Rows[0].Select(b => b.CallbackData));
        Assert.DoesNotContain("renews", offered.Html, StringComparison.Ordinal);

        var (book, _) = Take(SubscriptionBook.Empty, CreditLedger.Empty, Paid("c1", first: true), Now);
        var subscriber = new Screens(UiTexts.English, setup with { Packs = null, SubscriptionPlan = null }, subscription: book.Running).Balance(340, 0);
        Assert.Contains("🔁 Subscription: 300 credits a month, renews on 2026-05-31.", subscriber.Html, StringComparison.Ordinal);
        Assert.Equal(open, subscriber.Keyboard!.Rows[0][0].CallbackData);
        Assert.Contains("отменена, действует до 2026-05-31", SubscriptionTexts.BalanceLine(Language.Russian, book.Running! with { Canceled = true }), StringComparison.Ordinal);

        Assert.DoesNotContain(new Screens(UiTexts.English, setup with { SubscriptionPlan = null }).Balance(40, 0).Keyboard!.Buttons, b => b.CallbackData == open);
    }

    [Theory]
    [InlineData(SubscriptionTap.Open)]
    [InlineData(SubscriptionTap.Cancel)]
    [InlineData(SubscriptionTap.ConfirmCancel)]
    [InlineData(SubscriptionTap.Resume)]
    public void Subscription_buttons_survive_the_callback_codec(SubscriptionTap tap)
    {
        var action = new CallbackAction.Subscription(tap);
        Assert.Equal(action, CallbackCodec.Decode(CallbackCodec.Encode(action)));
        Assert.IsType<CallbackAction.Outdated>(CallbackCodec.Decode("1S:9"));
    }

    [Fact]
    public void Housekeepings_scan_finds_the_running_subscriptions_past_their_date_and_starts_the_next_scan_at_the_oldest_still_running()
    {
        var scan = new SubscriptionExpiryScan(checkpoint: 10);
        scan.Paid(1, "a1", Now, offset: 11);                                   // due
        scan.Paid(2, "b1", Now + TimeSpan.FromDays(3), offset: 12);            // renewed below
        scan.Paid(3, "c1", Now - TimeSpan.FromDays(1), offset: 13);            // ended below
        scan.Paid(2, "b1", Now + TimeSpan.FromDays(30), offset: 20);
        scan.Ended(3, "c1", offset: 21);
        scan.Ended(1, "old", offset: 22);                                      // another, older subscription's end

        Assert.Equal([new DueSubscription(1, "a1", Now)], scan.DueAt(Now));
        Assert.Equal(22, scan.LastOffset);
        Assert.Equal(10, scan.NextCheckpoint(new HashSet<long>()));              // user 1 still runs: read from its paid event again
        Assert.Equal(19, scan.NextCheckpoint(new HashSet<long> { 1 }));          // user 1 ended now: user 2's latest period is the oldest
        Assert.Equal(22, new SubscriptionExpiryScan(22).NextCheckpoint(new HashSet<long>()));
    }
}
