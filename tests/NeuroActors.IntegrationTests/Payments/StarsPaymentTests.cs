using System.Net;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Telegram;
using static NeuroActors.IntegrationTests.Payments.PaymentFlow;

namespace NeuroActors.IntegrationTests.Payments;

/// <summary>Telegram Stars top-ups end to end through the sandbox: invoice, pre-checkout, payment, balance; each charge credited once.</summary>
public sealed class StarsPaymentTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_pack_is_bought_from_the_balance_screen_invoice_pre_checkout_payment_and_the_balance_shows_it(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync(floodLimits: false);
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), Settings(new Dictionary<string, string?>
        {
            ["Payments:TermsText:en"] = "📄 Our terms: be kind.",
        }));
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();

        await ann.TapAsync(a => a is CallbackAction.OpenBalance);
        await ann.TapAsync(a => a is CallbackAction.OpenTopUp);
        await ann.TapAsync(a => a == new CallbackAction.BuyPack(100, 50));
        var invoice = (await ann.WaitUntilAsync(m => m.Any(IsInvoice), what: "the invoice")).Single(IsInvoice).Invoice!;
        Assert.Equal(("XTR", 50L, "topup:100:50", false), (invoice.Currency, invoice.TotalAmount, invoice.Payload, invoice.Paid));

        var paid = await sandbox.Telegram.PayInvoiceAsync(ann.Id);
        Assert.Equal(PaymentResult.Paid, paid.Status);
        var thanks = (await ann.WaitUntilAsync(m => m.Any(IsThankYou), what: "the thank-you")).Single(IsThankYou);
        Assert.Contains($"Balance: {Welcome + 100} credits", thanks.PlainText, StringComparison.Ordinal);
        Assert.Equal(Welcome + 100, (await ann.StateAsync(node)).Balance);

        // /buy lists every pack; /terms and /paysupport answer with the configured and the built-in text.
        var packs = await AskAsync(ann, "/buy", m => m.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.BuyPack));
        Assert.Equal(3, packs.Buttons.Count(b => FlowUser.Action(b) is CallbackAction.BuyPack));
        Assert.Contains($"You have {Welcome + 100} credits", packs.PlainText, StringComparison.Ordinal);
        Assert.Equal("📄 Our terms: be kind.", (await AskAsync(ann, "/terms", m => m.PlainText?.Contains("terms", StringComparison.Ordinal) == true)).PlainText);
        Assert.Contains("Payment support", (await AskAsync(ann, "/paysupport", m => m.PlainText?.Contains("support", StringComparison.Ordinal) == true)).PlainText, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_same_successful_payment_delivered_three_times_and_repeated_as_new_updates_is_credited_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync(floodLimits: false);
        var port = FlowSandbox.FreePort();
        await using var node = await FlowWebhook.StartNodeAsync(sandbox, database, port, Settings());
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();

        // Telegram redelivers an update whose answer it did not get: the same bytes, the same update_id.
        var payment = SuccessfulPaymentUpdate(2_100_000_001, ann.Id, 900_001, "stx-same-charge-1", "topup:100:50", 50);
        for (var delivery = 0; delivery < 3; delivery++)
        {
            Assert.Equal(HttpStatusCode.OK, await FlowWebhook.PostAsync(node, payment));
        }

        // The same charge in new updates: another update id, another message, and the sandbox's own delivery.
        Assert.Equal(HttpStatusCode.OK, await FlowWebhook.PostAsync(node, SuccessfulPaymentUpdate(2_100_000_002, ann.Id, 900_002, "stx-same-charge-1", "topup:100:50", 50)));
        await sandbox.Telegram.DeliverPaymentAsync(ann.Id, new DeliverPaymentRequest("topup:100:50", 50, TelegramPaymentChargeId: "stx-same-charge-1"));

        var marker = await ann.PassMarkerAsync();
        var messages = ChatMarker.Before(await sandbox.Telegram.GetBotMessagesAsync(ann.Id), marker);
        Assert.Single(messages, IsThankYou);
        Assert.Equal(Welcome + 100, (await ann.StateAsync(node)).Balance);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_node_restarted_between_the_pre_checkout_and_the_payment_credits_the_pack_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync(floodLimits: false);
        var port = FlowSandbox.FreePort();
        var ann = await FlowUser.CreateAsync(sandbox);
        string chargeId;
        await using (var first = await sandbox.StartNodeAsync(database, port, Settings()))
        {
            await ann.StartAsync();
            await AskForInvoiceAsync(ann, 550, 250);
            // The first node confirms the pre-checkout; Telegram's successful_payment comes only after it is gone.
            var paid = await sandbox.Telegram.PayInvoiceAsync(ann.Id, holdPayment: true);
            Assert.Equal(PaymentResult.Paid, paid.Status);
            chargeId = paid.TelegramPaymentChargeId!;
        }

        await using var second = await sandbox.StartNodeAsync(database, port, Settings());
        await sandbox.Telegram.DeliverPaymentAsync(ann.Id, new DeliverPaymentRequest("topup:550:250", 250, TelegramPaymentChargeId: chargeId));
        await sandbox.Telegram.DeliverPaymentAsync(ann.Id, new DeliverPaymentRequest("topup:550:250", 250, TelegramPaymentChargeId: chargeId));

        var marker = await ann.PassMarkerAsync();
        Assert.Single(ChatMarker.Before(await sandbox.Telegram.GetBotMessagesAsync(ann.Id), marker), IsThankYou);
        Assert.Equal(Welcome + 550, (await ann.StateAsync(second)).Balance);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_node_killed_between_the_payment_and_the_thank_you_credits_once_and_thanks_after_the_restart(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync(floodLimits: false);
        var port = FlowSandbox.FreePort();
        var ann = await FlowUser.CreateAsync(sandbox);
        string chargeId;
        var settings = database.Configuration();
        settings["Cluster:Port"] = "0";
        foreach (var (key, value) in sandbox.NodeSettings(port, Settings())) settings[key] = value;
        await using (var first = await ChildNode.StartAsync(settings))
        {
            await ann.StartAsync();
            // Telegram takes no message now: the thank-you cannot get out, but the payment is written before it is tried.
            await sandbox.Telegram.InjectFaultAsync("sendMessage", 500, count: 100_000);
            chargeId = (await sandbox.Telegram.DeliverPaymentAsync(ann.Id, new DeliverPaymentRequest("topup:100:50", 50))).TelegramPaymentChargeId!;
            var deadline = DateTimeOffset.UtcNow + FlowUser.Patience;
            while (!(await sandbox.Telegram.GetStatsAsync()).ErrorsByCode.Any(e => e.Key.Contains("500", StringComparison.Ordinal) && e.Value > 0))
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, "the node never tried to send the thank-you");
                await Task.Delay(50);
            }

            await first.KillAsync();
        }

        await sandbox.Telegram.ClearFaultsAsync();
        Assert.DoesNotContain(await sandbox.Telegram.GetBotMessagesAsync(ann.Id), IsThankYou);
        await using var second = await sandbox.StartNodeAsync(database, port, Settings());
        // Telegram repeats the payment's message: nothing more is credited, and the user's actor, recovering, thanks once.
        await sandbox.Telegram.DeliverPaymentAsync(ann.Id, new DeliverPaymentRequest("topup:100:50", 50, TelegramPaymentChargeId: chargeId));

        var marker = await ann.PassMarkerAsync();
        var thanks = Assert.Single(ChatMarker.Before(await sandbox.Telegram.GetBotMessagesAsync(ann.Id), marker), IsThankYou);
        Assert.Contains($"Balance: {Welcome + 100} credits", thanks.PlainText, StringComparison.Ordinal);
        Assert.Equal(Welcome + 100, (await ann.StateAsync(second)).Balance);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Pre_checkouts_with_a_wrong_amount_a_stale_pack_a_foreign_payload_or_from_a_banned_user_are_refused_in_the_users_language(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync(floodLimits: false);
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), Settings());
        var ann = await FlowUser.CreateAsync(sandbox);
        var olga = await FlowUser.CreateAsync(sandbox, "Olga", "ru");
        await ann.StartAsync();
        await olga.StartAsync();

        async Task<PaymentResult> PayAsync(FlowUser user, string payload, long stars)
        {
            await SendInvoiceAsBotAsync(sandbox, user.Id, payload, stars);
            await user.WaitUntilAsync(m => m.Any(x => x.Invoice is { Paid: false } i && i.Payload == payload && i.TotalAmount == stars), what: "the invoice");
            return await sandbox.Telegram.PayInvoiceAsync(user.Id);
        }

        var wrongAmount = await PayAsync(ann, "topup:100:50", 49);
        Assert.Equal(PaymentResult.Declined, wrongAmount.Status);
        Assert.Contains("does not match the pack's price", wrongAmount.ErrorMessage, StringComparison.Ordinal);
        var stale = await PayAsync(ann, "topup:100:40", 40);
        Assert.Contains("no longer on sale", stale.ErrorMessage, StringComparison.Ordinal);
        var foreign = await PayAsync(ann, "someone-elses-invoice", 50);
        Assert.Contains("not one of ours", foreign.ErrorMessage, StringComparison.Ordinal);
        var russian = await PayAsync(olga, "topup:100:50", 49);
        Assert.Contains("не совпадает", russian.ErrorMessage, StringComparison.Ordinal);

        var boss = await FlowUser.CreateAsync(sandbox, "Boss", "en", FlowUser.AdminId);
        await boss.StartAsync();
        await AskAsync(boss, $"/ban {olga.Id} fraud", m => m.PlainText?.Contains("is banned", StringComparison.Ordinal) == true);
        var banned = await PayAsync(olga, "topup:100:50", 50);
        Assert.Equal(PaymentResult.Declined, banned.Status);
        Assert.Contains("ограничен", banned.ErrorMessage, StringComparison.Ordinal);

        Assert.Equal(Welcome, (await ann.StateAsync(node)).Balance);
        Assert.Equal(Welcome, (await olga.StateAsync(node)).Balance);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_payment_with_a_garbage_payload_is_recorded_told_to_the_admins_and_credits_nothing(string provider)
    {
        await using var scene = await PaymentScene.StartAsync(provider);
        var (sandbox, node, boss, ann) = (scene.Sandbox, scene.Node, scene.Boss, scene.Ann);

        var charge = (await sandbox.Telegram.DeliverPaymentAsync(ann.Id, new DeliverPaymentRequest("<b>garbage</b>", 77))).TelegramPaymentChargeId!;
        await sandbox.Telegram.DeliverPaymentAsync(ann.Id, new DeliverPaymentRequest("<b>garbage</b>", 77, TelegramPaymentChargeId: charge));

        var alert = (await boss.WaitUntilAsync(m => m.Any(x => x.PlainText?.Contains("Unmatched payment", StringComparison.Ordinal) == true), what: "the admins' alert"))
            .First(x => x.PlainText!.Contains("Unmatched payment", StringComparison.Ordinal));
        Assert.Contains(charge, alert.PlainText, StringComparison.Ordinal);
        Assert.Contains(ann.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), alert.PlainText, StringComparison.Ordinal);
        Assert.Contains("<b>garbage</b>", alert.PlainText, StringComparison.Ordinal);

        var marker = await ann.PassMarkerAsync();
        var told = ChatMarker.Before(await sandbox.Telegram.GetBotMessagesAsync(ann.Id), marker)
            .Where(m => m.PlainText?.Contains("could not match it to a pack", StringComparison.Ordinal) == true);
        Assert.Single(told); // the repeated message was known: told once
        Assert.Equal(Welcome, (await ann.StateAsync(node)).Balance);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Consent_to_the_terms_is_asked_before_the_first_order_only(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync(floodLimits: false);
        // On by default: no Payments:TermsConsent here.
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), Settings(new Dictionary<string, string?> { ["Credits:Welcome"] = "100" }));
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();

        var confirmation = await ann.PrepareOrderAsync(MediaKind.Image, HappyPathTests.ImageModel, "a lighthouse at dawn", 1);
        await sandbox.Telegram.PressButtonAsync(ann.Id, confirmation.Buttons.First(b => FlowUser.Action(b) is CallbackAction.Confirm).CallbackData, messageId: confirmation.MessageId);
        var consent = (await ann.WaitUntilAsync(m => m.Any(x => x.MessageId == confirmation.MessageId && x.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.AcceptTerms)), what: "the consent screen"))
            .Single(x => x.MessageId == confirmation.MessageId);
        Assert.Contains("Before your first order", consent.PlainText, StringComparison.Ordinal);
        Assert.Empty((await ann.StateAsync(node)).OpenOrders);

        await sandbox.Telegram.PressButtonAsync(ann.Id, consent.Buttons.First(b => FlowUser.Action(b) is CallbackAction.AcceptTerms).CallbackData, messageId: consent.MessageId);
        var status = (await ann.WaitUntilAsync(m => m.Any(x => x.MessageId == consent.MessageId && OrderTag.IsMatch(x.PlainText ?? string.Empty)), what: "the order's status"))
            .Single(x => x.MessageId == consent.MessageId);
        var first = OrderTag.Match(status.PlainText!).Groups[1].Value;
        await ann.WaitForClosingAsync(first);

        // Never asked again: the next order's Generate places it at once.
        await ann.StartAsync();
        var second = await ann.OrderAsync(MediaKind.Image, HappyPathTests.ImageModel, "the same lighthouse at night", 1);
        Assert.NotEqual(first, second);
        Assert.DoesNotContain(await sandbox.Telegram.GetBotMessagesAsync(ann.Id), m => m.MessageId > consent.MessageId && m.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.AcceptTerms));
    }

    private static readonly System.Text.RegularExpressions.Regex OrderTag = new(@"#([A-Z0-9]{10})\b");
}
