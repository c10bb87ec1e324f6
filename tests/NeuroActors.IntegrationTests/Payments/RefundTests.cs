using NeuroActors.Domain.Telegram;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Telegram;
using static NeuroActors.IntegrationTests.Payments.PaymentFlow;

namespace NeuroActors.IntegrationTests.Payments;

/// <summary>An admin's /refund: refundStarPayment once, the pack's credits back never below zero, the user told.</summary>
public sealed class RefundTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_refund_is_done_once_a_repeat_says_so_an_unknown_charge_changes_nothing_and_a_spent_pack_asks_to_confirm(string provider)
    {
        await using var scene = await PaymentScene.StartAsync(provider);
        var (sandbox, node, boss, ann) = (scene.Sandbox, scene.Node, scene.Boss, scene.Ann);

        var charge = (await sandbox.Telegram.DeliverPaymentAsync(ann.Id, new DeliverPaymentRequest("topup:100:50", 50))).TelegramPaymentChargeId!;
        await ann.WaitUntilAsync(m => m.Any(IsThankYou), what: "the thank-you");
        await ReadSideKnowsChargeAsync(node, charge, ann.Id);

        var done = await AskAsync(boss, $"/refund {charge} asked for it", m => m.PlainText?.StartsWith("↩️", StringComparison.Ordinal) == true);
        Assert.Contains("refunded: ⭐50", done.PlainText, StringComparison.Ordinal);
        Assert.Contains("100 credits taken back.", done.PlainText, StringComparison.Ordinal);
        await ann.WaitUntilAsync(m => m.Any(x => x.PlainText?.Contains("⭐50 were refunded to you", StringComparison.Ordinal) == true), what: "the refund notice");
        Assert.Equal(Welcome, (await ann.StateAsync(node)).Balance);

        var again = await AskAsync(boss, $"/refund {charge}", m => m.PlainText?.StartsWith("ℹ️", StringComparison.Ordinal) == true);
        Assert.Contains("was refunded already", again.PlainText, StringComparison.Ordinal);
        var unknown = await AskAsync(boss, "/refund stxNoSuchCharge", m => m.PlainText?.StartsWith("🔍", StringComparison.Ordinal) == true);
        Assert.Contains("No payment stxNoSuchCharge is known", unknown.PlainText, StringComparison.Ordinal);
        Assert.Contains("/refund &lt;charge id&gt;", (await AskAsync(boss, "/refund", m => m.Text?.StartsWith("Usage", StringComparison.Ordinal) == true)).Text, StringComparison.Ordinal);

        // Telegram's own refunded_payment message reached the bot too: the credits were taken back once, not twice.
        var marker = await ann.PassMarkerAsync();
        Assert.Single(ChatMarker.Before(await sandbox.Telegram.GetBotMessagesAsync(ann.Id), marker), m => m.PlainText?.Contains("were refunded to you", StringComparison.Ordinal) == true);
        Assert.Equal(Welcome, (await ann.StateAsync(node)).Balance);

        // A second pack, 60 of whose credits are gone: only what is left can be taken back, and the admin confirms first.
        var second = (await sandbox.Telegram.DeliverPaymentAsync(ann.Id, new DeliverPaymentRequest("topup:100:50", 50))).TelegramPaymentChargeId!;
        await ReadSideKnowsChargeAsync(node, second, ann.Id);
        await AskAsync(boss, $"/debit {ann.Id} 60 spent", m => m.PlainText?.StartsWith('✅') == true);
        var confirm = await AskAsync(boss, $"/refund {second}", m => m.PlainText?.StartsWith("⚠️", StringComparison.Ordinal) == true);
        Assert.Contains("only 50 credits can be taken back, 50 credits short", confirm.PlainText, StringComparison.Ordinal);
        Assert.Equal(Welcome + 100 - 60, (await ann.StateAsync(node)).Balance);
        await sandbox.Telegram.PressButtonAsync(boss.Id, confirm.Buttons.Single(b => FlowUser.Action(b) is CallbackAction.Admin { Command: AdminCommand.ConfirmRefund }).CallbackData, messageId: confirm.MessageId);
        var partly = await boss.WaitUntilAsync(m => m.Any(x => x.MessageId > confirm.MessageId && x.PlainText?.Contains(second, StringComparison.Ordinal) == true && x.PlainText.StartsWith("↩️", StringComparison.Ordinal)), what: "the confirmed refund");
        Assert.Contains("50 credits short.", partly.Last(x => x.PlainText?.StartsWith("↩️", StringComparison.Ordinal) == true).PlainText, StringComparison.Ordinal);
        Assert.Equal(0, (await ann.StateAsync(node)).Balance);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_unmatched_payment_the_admins_were_alerted_to_can_be_refunded_with_refund_once_taking_no_credits(string provider)
    {
        await using var scene = await PaymentScene.StartAsync(provider);
        var (sandbox, node, boss, ann) = (scene.Sandbox, scene.Node, scene.Boss, scene.Ann);

        var charge = (await sandbox.Telegram.DeliverPaymentAsync(ann.Id, new DeliverPaymentRequest("garbage", 50))).TelegramPaymentChargeId!;
        var alert = await boss.WaitUntilAsync(m => m.Any(x => x.PlainText?.Contains("Unmatched payment", StringComparison.Ordinal) == true), what: "the admins' alert");
        Assert.Contains("refund (/refund)", alert.Last(x => x.PlainText?.Contains("Unmatched payment", StringComparison.Ordinal) == true).PlainText, StringComparison.Ordinal);
        await ReadSideKnowsChargeAsync(node, charge, ann.Id);

        var done = await AskAsync(boss, $"/refund {charge} no such pack", m => m.PlainText?.StartsWith("↩️", StringComparison.Ordinal) == true);
        Assert.Contains("refunded: ⭐50", done.PlainText, StringComparison.Ordinal);
        Assert.Contains("0 credits taken back.", done.PlainText, StringComparison.Ordinal);
        var notice = await ann.WaitUntilAsync(m => m.Any(x => x.PlainText?.Contains("⭐50 were refunded to you", StringComparison.Ordinal) == true), what: "the refund notice");
        Assert.DoesNotContain("taken off your balance", notice.Last(x => x.PlainText?.Contains("refunded to you", StringComparison.Ordinal) == true).PlainText, StringComparison.Ordinal);
        Assert.Equal(Welcome, (await ann.StateAsync(node)).Balance);

        var again = await AskAsync(boss, $"/refund {charge}", m => m.PlainText?.StartsWith("ℹ️", StringComparison.Ordinal) == true);
        Assert.Contains("was refunded already", again.PlainText, StringComparison.Ordinal);
        Assert.Equal(Welcome, (await ann.StateAsync(node)).Balance);
    }
}
