using Akka.Actor;
using NeuroActors.Actors.Serialization;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Configuration;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Credits;
using NeuroActors.Domain.Payments;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Tests.Payments;

/// <summary>The pure payment rules: packs, invoice payloads, pre-checkout verdicts, the payment book and the desk.</summary>
public sealed class PaymentRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    // ---------- packs ----------
    [Fact]
    public void The_default_packs_are_sold_smallest_first()
    {
        Assert.Equal([new TopUpPack(100, 50), new TopUpPack(550, 250), new TopUpPack(1200, 500)], TopUpPacks.Default.All);
        Assert.Equal(new TopUpPack(550, 250), TopUpPacks.Parse(" 1200:500 , 550:250,100:50 ").All[1]);
    }

    [Theory]
    [InlineData("", "the list is empty")]
    [InlineData("100", "'100' is not credits:stars")]
    [InlineData("100:50,abc:3", "'abc:3' is not credits:stars")]
    [InlineData("100:-5", "'100:-5' is not credits:stars")]
    [InlineData("100:0", "costs 0 stars")]
    [InlineData("100:10001", "costs 10001 stars")]
    [InlineData("0:5", "sells 0 credits")]
    [InlineData("100:50,100:60", "two packs sell 100 credits")]
    [InlineData("100:50;200:90", "is not credits:stars")]
    public void A_bad_pack_list_names_the_setting_the_problem_and_the_fix(string text, string problem)
    {
        var error = Assert.Throws<BadSettingException>(() => TopUpPacks.Parse(text));
        Assert.Equal("Payments:Packs", error.Setting);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("Fix: list packs as credits:stars", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 100)]
    [InlineData(100, 100)]
    [InlineData(101, 550)]
    [InlineData(1200, 1200)]
    [InlineData(5000, 1200)]
    public void The_smallest_pack_covering_a_shortfall_is_offered_else_the_largest(long shortfall, long credits) =>
        Assert.Equal(credits, TopUpPacks.Default.SmallestCovering(shortfall).Credits);

    [Fact]
    public void Payment_settings_are_read_with_defaults_and_checked()
    {
        var none = PaymentSettingsReader.Read(_ => null);
        Assert.Equal(TopUpPacks.Default.All, none.Packs.All);
        Assert.True(none.TermsConsent); // asked before the first order unless switched off
        Assert.Equal(PaymentTexts.DefaultTerms(Language.Russian), none.Terms(Language.Russian));

        var values = new Dictionary<string, string?>
        {
            ["Payments:Packs"] = "10:5",
            ["Payments:TermsConsent"] = "false",
            ["Payments:SupportText:en"] = "Write to @help",
            ["Payments:TermsText:ru"] = "Условия тут",
        };
        var read = PaymentSettingsReader.Read(key => values.GetValueOrDefault(key));
        Assert.Equal([new TopUpPack(10, 5)], read.Packs.All);
        Assert.False(read.TermsConsent);
        Assert.Equal("Write to @help", read.Support(Language.English));
        Assert.Equal(PaymentTexts.DefaultSupport(Language.Russian), read.Support(Language.Russian));
        Assert.Equal("Условия тут", read.Terms(Language.Russian));

        var consent = Assert.Throws<BadSettingException>(() => PaymentSettingsReader.Read(key => key == "Payments:TermsConsent" ? "maybe" : null));
        Assert.Equal("Payments:TermsConsent", consent.Setting);
        var tooLong = Assert.Throws<BadSettingException>(() => PaymentSettingsReader.Read(key => key == "Payments:TermsText:en" ? new string('x', 3001) : null));
        Assert.Equal("Payments:TermsText:en", tooLong.Setting);
    }

    // ---------- payloads ----------
    [Fact]
    public void A_payload_names_its_pack_and_reads_back()
    {
        var payload = InvoicePayload.ForTopUp(new TopUpPack(550, 250));
        Assert.Equal("topup:550:250", payload);
        Assert.Equal(new TopUpPack(550, 250), InvoicePayload.ReadTopUp(payload));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("topup:")]
    [InlineData("topup:100")]
    [InlineData("topup:100:50:1")]
    [InlineData("topup:0100:50")]
    [InlineData("topup:+100:50")]
    [InlineData("topup:100:0")]
    [InlineData("topup:100:99999")]
    [InlineData("TOPUP:100:50")]
    [InlineData("topup:100:٥٠")]
    [InlineData("topup:99999999999999999999:50")]
    public void Anything_the_bot_never_wrote_names_no_pack(string? payload) => Assert.Null(InvoicePayload.ReadTopUp(payload));

    // ---------- pre-checkout ----------
    [Fact]
    public void A_pre_checkout_is_ok_only_for_a_current_pack_at_its_price_in_stars_from_a_user_not_banned()
    {
        var packs = TopUpPacks.Default;
        Assert.True(PreCheckoutVerdict.Decide("topup:100:50", "XTR", 50, packs, banned: false).IsOk);
        Assert.Equal(PreCheckoutRefusal.WrongAmount, PreCheckoutVerdict.Decide("topup:100:50", "XTR", 49, packs, false).Refusal);
        Assert.Equal(PreCheckoutRefusal.WrongAmount, PreCheckoutVerdict.Decide("topup:100:50", "USD", 50, packs, false).Refusal);
        Assert.Equal(PreCheckoutRefusal.PackNotOnSale, PreCheckoutVerdict.Decide("topup:100:40", "XTR", 40, packs, false).Refusal);
        Assert.Equal(PreCheckoutRefusal.UnknownInvoice, PreCheckoutVerdict.Decide("garbage", "XTR", 50, packs, false).Refusal);
        Assert.Equal(PreCheckoutRefusal.Banned, PreCheckoutVerdict.Decide("topup:100:50", "XTR", 50, packs, banned: true).Refusal);
    }

    [Fact]
    public void Every_refusal_has_a_reason_in_both_languages()
    {
        foreach (var refusal in Enum.GetValues<PreCheckoutRefusal>())
        {
            var english = PaymentTexts.Refusal(Language.English, refusal);
            var russian = PaymentTexts.Refusal(Language.Russian, refusal);
            Assert.NotEqual(english, russian);
            Assert.Matches("[а-яА-Я]", russian);
            Assert.InRange(english.Length, 10, 255);
        }
    }

    // ---------- the payment book ----------
    private static IncomingPayment Paid(string chargeId, string payload = "topup:100:50", long amount = 50) => new("XTR", amount, payload, chargeId);

    private static (PaymentBook Book, CreditLedger Ledger) Fold(PaymentBook book, CreditLedger ledger, IReadOnlyList<PaymentEvent> events, IReadOnlyList<LedgerEvent> ledgerEvents) =>
        (events.Aggregate(book, (b, e) => b.Apply(e)), ledgerEvents.Aggregate(ledger, (l, e) => l.Apply(e)));

    [Fact]
    public void A_charge_is_credited_once_whatever_is_repeated_and_only_the_first_top_up_is_the_first()
    {
        var (book, ledger) = (PaymentBook.Empty, CreditLedger.Empty);
        var first = book.Take(Paid("ch-1"), ledger, Now);
        Assert.Equal(PaymentTaken.Credited, first.Taken);
        Assert.True(Assert.IsType<TopUpPaid>(Assert.Single(first.Events)).IsFirstPaidTopUp);
        Assert.Equal(PaymentBook.GrantIdOf("ch-1"), Assert.IsType<NeuroActors.Domain.Credits.CreditsGranted>(Assert.Single(first.LedgerEvents)).GrantId);
        (book, ledger) = Fold(book, ledger, first.Events, first.LedgerEvents);

        var again = book.Take(Paid("ch-1"), ledger, Now);
        Assert.Equal(PaymentTaken.AlreadyTaken, again.Taken);
        Assert.Empty(again.Events);
        Assert.Empty(again.LedgerEvents);

        var second = book.Take(Paid("ch-2", "topup:550:250", 250), ledger, Now);
        Assert.False(Assert.IsType<TopUpPaid>(Assert.Single(second.Events)).IsFirstPaidTopUp);
        (book, ledger) = Fold(book, ledger, second.Events, second.LedgerEvents);
        Assert.Equal(650, ledger.Balance);

        // Replaying the same events changes nothing either.
        (book, ledger) = Fold(book, ledger, first.Events, first.LedgerEvents);
        Assert.Equal(650, ledger.Balance);
        Assert.Equal(2, book.Charges.Count);
    }

    [Theory]
    [InlineData("garbage", 50)]
    [InlineData("topup:100:50", 49)]
    [InlineData("", 1)]
    public void A_payment_that_names_no_pack_is_kept_as_unmatched_and_credits_nothing(string payload, long amount)
    {
        var taken = PaymentBook.Empty.Take(Paid("ch-x", payload, amount), CreditLedger.Empty, Now);
        Assert.Equal(PaymentTaken.Unmatched, taken.Taken);
        Assert.Empty(taken.LedgerEvents);
        var book = PaymentBook.Empty.Apply(Assert.IsType<PaymentUnmatched>(Assert.Single(taken.Events)));
        Assert.True(book.Knows("ch-x"));
        Assert.Equal(PaymentTaken.AlreadyTaken, book.Take(Paid("ch-x", payload, amount), CreditLedger.Empty, Now).Taken);
        Assert.False(book.HasPaid);
        Assert.Empty(book.Unthanked);
        Assert.Equal(new RefundCheck(RefundStanding.Ready, 0, amount, 0, 0), book.CheckRefund("ch-x", CreditLedger.Empty)); // the stars can go back
    }

    [Fact]
    public void An_unmatched_payment_is_refunded_once_taking_no_credits_and_a_later_pack_is_still_the_first_paid_top_up()
    {
        var ledger = CreditLedger.Empty.Apply(CreditLedger.Empty.Grant("welcome", 10, "welcome", Now).Events[0]);
        var book = PaymentBook.Empty.Apply(Assert.Single(PaymentBook.Empty.Take(Paid("ch-x", "garbage", 50), ledger, Now).Events));

        var refund = book.RecordRefund("ch-x", "wrong payload", "admin:1", ledger, Now);
        book = refund.Events.Aggregate(book, (b, e) => b.Apply(e));

        Assert.Equal(new PaymentRefunded("ch-x", 0, 0, "wrong payload", "admin:1", Now), Assert.Single(refund.Events));
        Assert.Empty(refund.LedgerEvents);
        Assert.Equal(RefundStanding.AlreadyRefunded, book.CheckRefund("ch-x", ledger).Standing);
        Assert.Empty(book.RecordRefund("ch-x", "again", "telegram", ledger, Now).Events);
        var pack = Assert.IsType<TopUpPaid>(Assert.Single(book.Take(Paid("ch-1"), ledger, Now).Events));
        Assert.True(pack.IsFirstPaidTopUp);
    }

    [Fact]
    public void A_payment_in_another_currency_that_names_no_pack_is_kept_but_is_not_a_stars_refund()
    {
        var book = PaymentBook.Empty.Apply(new PaymentUnmatched("ch-usd", "USD", 500, "garbage", Now));

        Assert.True(book.Knows("ch-usd"));
        Assert.Equal(RefundStanding.Unknown, book.CheckRefund("ch-usd", CreditLedger.Empty).Standing);
    }

    [Fact]
    public void A_refund_takes_the_pack_back_never_below_zero_and_only_once()
    {
        var (book, ledger) = (PaymentBook.Empty, CreditLedger.Empty);
        var taken = book.Take(Paid("ch-1"), ledger, Now);
        (book, ledger) = Fold(book, ledger, taken.Events, taken.LedgerEvents);
        ledger = ledger.Apply(ledger.Reserve("ORDER-1", 30, Now).Events[0]);
        ledger = ledger.Apply(ledger.Capture("ORDER-1", Now).Events[0]); // 30 of the 100 were spent

        Assert.Equal(new RefundCheck(RefundStanding.ReadyWithShortfall, 100, 50, 70, 30), book.CheckRefund("ch-1", ledger));
        var refund = book.RecordRefund("ch-1", "asked", "admin:1", ledger, Now);
        Assert.Equal(70, Assert.IsType<PaymentRefunded>(Assert.Single(refund.Events)).CreditsTaken);
        (book, ledger) = Fold(book, ledger, refund.Events, refund.LedgerEvents);
        Assert.Equal(0, ledger.Balance);

        Assert.Equal(RefundStanding.AlreadyRefunded, book.CheckRefund("ch-1", ledger).Standing);
        var twice = book.RecordRefund("ch-1", "asked", "admin:1", ledger, Now);
        Assert.Empty(twice.Events);
        Assert.Empty(twice.LedgerEvents);
        Assert.Equal(RefundStanding.Unknown, book.CheckRefund("nope", ledger).Standing);
    }

    [Fact]
    public void A_refund_with_the_pack_unspent_takes_it_all()
    {
        var taken = PaymentBook.Empty.Take(Paid("ch-1"), CreditLedger.Empty, Now);
        var (book, ledger) = Fold(PaymentBook.Empty, CreditLedger.Empty, taken.Events, taken.LedgerEvents);
        Assert.Equal(new RefundCheck(RefundStanding.Ready, 100, 50, 100, 0), book.CheckRefund("ch-1", ledger));
    }

    // ---------- the desk ----------
    private static readonly ConversationStep Confirming = new ConversationStep.Confirming(new DraftOrder(3, "m", false, Prompt: "a cat", Variants: 1, UnitPrice: 5));

    private static PaymentDeskDecision? Desk(ConversationInput input, PaymentBook? book = null, bool consent = true, ConversationStep? step = null, long? termsShownOn = null) =>
        PaymentDesk.Decide(input, PaymentSettings.Default with { TermsConsent = consent }, book ?? PaymentBook.Empty, Language.English, 7,
            step ?? Confirming, _ => false, Now, termsShownOn);

    [Fact]
    public void Buy_lists_the_packs_and_a_pack_button_sends_its_invoice_in_stars()
    {
        var packs = Assert.IsType<OutboundMessage.SendScreen>(Assert.Single(Desk(new ConversationInput.Command("buy", ""))!.Replies));
        var buttons = packs.Screen.Keyboard!.Buttons.Select(b => CallbackCodec.Decode(b.CallbackData)).ToList();
        Assert.Contains(new CallbackAction.BuyPack(100, 50), buttons);
        Assert.Contains(new CallbackAction.BuyPack(1200, 500), buttons);

        var tap = new ConversationInput.ButtonTapped("q1", 9, new CallbackAction.BuyPack(550, 250));
        var invoice = Assert.IsType<OutboundMessage.SendInvoice>(Desk(tap)!.Replies[1]);
        Assert.Equal(("topup:550:250", 250L), (invoice.Payload, invoice.Stars));
        Assert.InRange(invoice.Title.Length, 1, 32);
        Assert.InRange(invoice.Description.Length, 1, 255);

        var stale = Desk(tap with { Action = new CallbackAction.BuyPack(550, 200) })!;
        Assert.DoesNotContain(stale.Replies, r => r is OutboundMessage.SendInvoice);
    }

    [Fact]
    public void Consent_is_asked_before_the_first_order_and_agreeing_confirms_it_once_recorded()
    {
        var confirm = new ConversationInput.ButtonTapped("q1", 9, new CallbackAction.Confirm(3));
        var asked = Desk(confirm)!;
        var consent = Assert.IsType<OutboundMessage.EditScreen>(asked.Replies[1]);
        Assert.Contains(new CallbackAction.AcceptTerms(3), consent.Screen.Keyboard!.Buttons.Select(b => CallbackCodec.Decode(b.CallbackData)));
        Assert.Empty(asked.Events);
        Assert.Equal(9, asked.TermsShownOn);

        // A second Generate from the message that shows the terms (a double tap) is only answered: Telegram refuses an edit
        // into what a message already shows. From another message, the terms are put there.
        var again = Desk(confirm, termsShownOn: 9)!;
        Assert.Equal(PaymentTexts.AgreeFirstToast(Language.English), Assert.IsType<OutboundMessage.AnswerCallback>(Assert.Single(again.Replies)).Text);
        Assert.Equal(9, again.TermsShownOn);
        Assert.IsType<OutboundMessage.EditScreen>(Desk(confirm, termsShownOn: 8)!.Replies[1]);
        Assert.Null(Desk(new ConversationInput.ButtonTapped("q4", 9, new CallbackAction.BackToVariants(3)), termsShownOn: 9)); // the conversation's: it forgets the terms

        var agreed = Desk(new ConversationInput.ButtonTapped("q2", 9, new CallbackAction.AcceptTerms(3)))!;
        var accepted = Assert.IsType<TermsAccepted>(Assert.Single(agreed.Events));
        Assert.Equal(new CallbackAction.Confirm(3), agreed.ThenConfirm!.Action);

        var book = PaymentBook.Empty.Apply(accepted);
        Assert.Null(Desk(confirm, book)); // never asked again: the conversation confirms
        Assert.Null(Desk(confirm, consent: false)); // consent turned off
        Assert.Null(Desk(confirm, step: ConversationStep.MainMenu.Instance)); // a stale Generate is the conversation's to answer
        Assert.Empty(Desk(new ConversationInput.ButtonTapped("q3", 9, new CallbackAction.AcceptTerms(3)), book)!.Events);
    }

    [Fact]
    public void Support_and_terms_are_the_configured_texts_and_other_input_is_the_conversations()
    {
        var settings = PaymentSettings.Default with { SupportTextEnglish = "Mail us", TermsTextEnglish = "Our terms" };
        string Text(string command) => Assert.IsType<OutboundMessage.SendScreen>(Assert.Single(
            PaymentDesk.Decide(new ConversationInput.Command(command, ""), settings, PaymentBook.Empty, Language.English, 0, Confirming, _ => false, Now)!.Replies)).Screen.Html;
        Assert.Equal("Mail us", Text("paysupport"));
        Assert.Equal("Our terms", Text("terms"));
        Assert.Null(Desk(new ConversationInput.Command("balance", "")));
        Assert.Null(Desk(new ConversationInput.Text("hello")));
    }

    [Fact]
    public void The_short_balance_screen_offers_the_smallest_covering_pack_and_the_balance_screen_a_top_up()
    {
        var setup = new ConversationSetup(Conversation.TestMenu.Create(), Packs: TopUpPacks.Default);
        var screens = new Screens(UiTexts.For(Language.English), setup);
        var draft = new DraftOrder(3, Conversation.TestMenu.Sora.Id, false, Prompt: "a cat", Variants: 5, UnitPrice: 30);
        var short150 = screens.Confirmation(draft, Conversation.TestMenu.Sora, available: 10);
        Assert.Equal(new CallbackAction.BuyPack(550, 250), CallbackCodec.Decode(short150.Keyboard!.Rows[0][0].CallbackData));
        Assert.Contains(CallbackAction.OpenTopUp.Instance, screens.Balance(10, 0).Keyboard!.Buttons.Select(b => CallbackCodec.Decode(b.CallbackData)));
        Assert.DoesNotContain("coming soon", screens.Balance(10, 0).Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_payment_event_round_trips_inside_its_wrapper()
    {
        using var system = ActorSystem.Create("payments");
        var serializer = new NeuroSerializer((ExtendedActorSystem)system);
        PaymentEvent[] events =
        [
            new TopUpPaid("ch-1", 100, 50, true, Now),
            new PaymentUnmatched("ch-2", "XTR", 7, "garbage", Now),
            new PaymentRefunded("ch-1", 70, 30, "asked", "admin:1", Now),
            new TermsAccepted(Now),
        ];
        foreach (var e in events)
        {
            var wrapped = new PaymentRecorded(e);
            Assert.Equal(wrapped, serializer.FromBinary(serializer.ToBinary(wrapped), serializer.Manifest(wrapped)));
        }

        var state = UserState.Empty(5) with { Payments = events.Aggregate(PaymentBook.Empty, (b, e) => b.Apply(e)) };
        var back = (UserState)serializer.FromBinary(serializer.ToBinary(state), serializer.Manifest(state));
        Assert.True(back.Payments!.Charges["ch-1"].Refunded);
        Assert.Contains("ch-2", back.Payments.Unmatched);
        Assert.True(back.Payments.TermsAccepted);
    }
}
