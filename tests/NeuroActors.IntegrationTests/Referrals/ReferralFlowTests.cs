using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.Referrals;

/// <summary>Invite links end to end through the Bot API sandbox, with a real Stars payment for the bonus.</summary>
public sealed class ReferralFlowTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_inviter_earns_the_bonus_only_when_the_invited_friend_pays_and_never_for_themself(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?>
        {
            ["Credits:Welcome"] = "10",
            ["Referral:Bonus"] = "25",
        });
        var inviter = await FlowUser.CreateAsync(sandbox, "Ivan");
        var friend = await FlowUser.CreateAsync(sandbox, "Fred");
        await inviter.StartAsync();

        await inviter.SendTextAsync("/invite");
        var invite = await sandbox.Telegram.WaitForMessageAsync(inviter.Id, m => m.PlainText?.Contains("?start=ref_", StringComparison.Ordinal) == true, FlowUser.Patience);
        var text = invite.PlainText!;
        var payload = text[(text.IndexOf("?start=", StringComparison.Ordinal) + "?start=".Length)..].Split(['\n', ' '])[0];

        // Following their own link: refused.
        await sandbox.Telegram.SendCommandAsync(inviter.Id, "start", payload);
        await sandbox.Telegram.WaitForMessageAsync(inviter.Id, m => m.PlainText?.Contains("cannot invite yourself", StringComparison.Ordinal) == true, FlowUser.Patience);

        await sandbox.Telegram.SendCommandAsync(friend.Id, "start", payload);
        await sandbox.Telegram.WaitForMessageAsync(friend.Id, m => m.PlainText?.Contains("You joined by a friend's invitation", StringComparison.Ordinal) == true, FlowUser.Patience);
        Assert.Equal(10, (await inviter.StateAsync(node)).Balance); // signing up earns nothing

        // The friend buys the smallest pack with Stars: invoice, pre-checkout, successful_payment.
        await friend.SendTextAsync("/buy");
        await friend.TapAsync(action => action is NeuroActors.Domain.Telegram.CallbackAction.BuyPack);
        await friend.WaitUntilAsync(ms => ms.Count(m => m.Invoice is not null) == 1, what: "the invoice");
        var paid = await sandbox.Telegram.PayInvoiceAsync(friend.Id);
        Assert.NotNull(paid.TelegramPaymentChargeId);

        await sandbox.Telegram.WaitForMessageAsync(inviter.Id, m => m.PlainText?.Contains("made their first top-up: +25 credits", StringComparison.Ordinal) == true, FlowUser.Patience);
        Assert.Equal(35, (await inviter.StateAsync(node)).Balance);

        // A second purchase earns the inviter nothing more.
        await friend.SendTextAsync("/buy");
        await friend.TapAsync(action => action is NeuroActors.Domain.Telegram.CallbackAction.BuyPack);
        await friend.WaitUntilAsync(ms => ms.Count(m => m.Invoice is not null) == 2, what: "the second invoice");
        await sandbox.Telegram.PayInvoiceAsync(friend.Id);
        await friend.WaitUntilAsync(ms => ms.Any(m => m.PlainText?.Contains("210", StringComparison.Ordinal) == true), what: "the second thank-you");
        await friend.PassMarkerAsync();
        await inviter.PassMarkerAsync();
        Assert.Equal(35, (await inviter.StateAsync(node)).Balance);
    }
}
