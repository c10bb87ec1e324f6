using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuroActors.Actors.Housekeeping;
using NeuroActors.Domain.Telegram;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Telegram;
using static NeuroActors.IntegrationTests.Payments.PaymentFlow;

namespace NeuroActors.IntegrationTests.Payments;

/// <summary>
/// The monthly Stars subscription end to end through the sandbox: /subscription's link (createInvoiceLink), the first
/// payment and renewals each granted once, cancel and resume through editUserStarSubscription, the stale plan refused at
/// pre-checkout, and housekeeping ending a subscription past its date and telling the user once.
/// </summary>
public sealed class SubscriptionTests
{
    private const string Payload = "sub:300:125";

    private static bool IsSubscriptionThanks(TranscriptMessage message) =>
        message.PlainText?.Contains("Thank you for subscribing", StringComparison.Ordinal) == true
        || message.PlainText?.Contains("Your subscription renewed", StringComparison.Ordinal) == true;

    private static bool IsEnded(TranscriptMessage message) => message.PlainText?.Contains("Your subscription ended", StringComparison.Ordinal) == true;

    /// <summary>/subscription, then the ⭐ Subscribe button's invoice link.</summary>
    private static async Task<string> SubscribeLinkAsync(FlowUser user)
    {
        var sent = await user.SendTextAsync("/subscription");
        var messages = await user.WaitUntilAsync(m => m.Any(x => x.MessageId > sent.MessageId && x.Buttons.Any(b => b.Url is not null)), what: "the subscription offer");
        var offer = messages.Last(x => x.MessageId > sent.MessageId && x.Buttons.Any(b => b.Url is not null));
        Assert.Contains("300 credits every 30 days for ⭐125", offer.PlainText, StringComparison.Ordinal);
        return offer.Buttons.Single(b => b.Url is not null).Url!;
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Subscribing_renewing_twice_then_cancelling_and_resuming_grants_each_period_once_and_shows_the_dates(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync(floodLimits: false);
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), Settings());
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();

        var paid = await sandbox.Telegram.PayLinkAsync(ann.Id, await SubscribeLinkAsync(ann));
        Assert.Equal(PaymentResult.Paid, paid.Status);
        var subscription = Assert.Single(await sandbox.Telegram.GetSubscriptionsAsync(ann.Id));
        Assert.Equal((paid.TelegramPaymentChargeId, Payload, 125L, false), (subscription.FirstChargeId, subscription.InvoicePayload, subscription.Stars, subscription.IsCanceled));
        await ann.WaitUntilAsync(m => m.Count(IsSubscriptionThanks) == 1, what: "the thank-you");
        Assert.Equal(Welcome + 300, (await ann.StateAsync(node)).Balance);

        // Two renewals: a new charge each, the end one period later each time.
        await sandbox.Telegram.RenewSubscriptionAsync(ann.Id);
        await sandbox.Telegram.RenewSubscriptionAsync(ann.Id);
        var thanked = await ann.WaitUntilAsync(m => m.Count(IsSubscriptionThanks) == 3, what: "the renewals' thank-yous");
        var end = (await sandbox.Telegram.GetSubscriptionsAsync(ann.Id)).Single().ExpiresAt;
        Assert.Contains($"Next renewal: {end.UtcDateTime:yyyy-MM-dd}", thanked.Last(IsSubscriptionThanks).PlainText, StringComparison.Ordinal);
        Assert.Equal(Welcome + 900, (await ann.StateAsync(node)).Balance);

        var state = await AskAsync(ann, "/subscription", m => m.PlainText?.Contains("Subscription active", StringComparison.Ordinal) == true);
        Assert.Contains($"Next renewal: {end.UtcDateTime:yyyy-MM-dd}", state.PlainText, StringComparison.Ordinal);

        // Cancel, confirm: Telegram records it, the screen shows the end date, and Telegram no longer renews.
        await ann.TapAsync(a => a == new CallbackAction.Subscription(SubscriptionTap.Cancel));
        await ann.WaitUntilAsync(m => m.Any(x => x.PlainText?.Contains("Cancel the subscription?", StringComparison.Ordinal) == true), what: "the confirm step");
        await ann.TapAsync(a => a == new CallbackAction.Subscription(SubscriptionTap.ConfirmCancel));
        await ann.WaitUntilAsync(m => m.Any(x => x.PlainText?.Contains($"It ends on {end.UtcDateTime:yyyy-MM-dd}", StringComparison.Ordinal) == true), what: "the end date");
        Assert.True((await sandbox.Telegram.GetSubscriptionsAsync(ann.Id)).Single().IsCanceled);
        var refused = await Assert.ThrowsAsync<BotSandboxException>(() => sandbox.Telegram.RenewSubscriptionAsync(ann.Id));
        Assert.Contains("409", refused.Message, StringComparison.Ordinal);

        // Resume before the end: renewing again.
        await ann.TapAsync(a => a == new CallbackAction.Subscription(SubscriptionTap.Resume));
        await ann.WaitUntilAsync(m => m.Any(x => x.PlainText?.Contains("Subscription active", StringComparison.Ordinal) == true
            && x.Buttons.Any(b => FlowUser.Action(b) == new CallbackAction.Subscription(SubscriptionTap.Cancel))), what: "the resumed state");
        Assert.False((await sandbox.Telegram.GetSubscriptionsAsync(ann.Id)).Single().IsCanceled);
        Assert.Equal(Welcome + 900, (await ann.StateAsync(node)).Balance);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_same_subscription_payment_delivered_three_times_and_repeated_as_a_new_update_is_granted_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync(floodLimits: false);
        await using var node = await FlowWebhook.StartNodeAsync(sandbox, database, FlowSandbox.FreePort(), Settings());
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();

        var expires = DateTimeOffset.UtcNow.AddDays(30);
        var payment = SubscriptionPaymentUpdate(2_000_000_101, ann.Id, 910_001, "stx-sub-first-1", expires);
        for (var delivery = 0; delivery < 3; delivery++)
        {
            Assert.Equal(HttpStatusCode.OK, await FlowWebhook.PostAsync(node, payment));
        }

        Assert.Equal(HttpStatusCode.OK, await FlowWebhook.PostAsync(node, SubscriptionPaymentUpdate(2_000_000_102, ann.Id, 910_002, "stx-sub-first-1", expires)));
        await sandbox.Telegram.DeliverPaymentAsync(ann.Id, new DeliverPaymentRequest(Payload, 125, TelegramPaymentChargeId: "stx-sub-first-1",
            SubscriptionExpirationDate: expires, IsRecurring: true, IsFirstRecurring: true));

        var marker = await ann.PassMarkerAsync();
        Assert.Single(ChatMarker.Before(await sandbox.Telegram.GetBotMessagesAsync(ann.Id), marker), IsSubscriptionThanks);
        Assert.Equal(Welcome + 300, (await ann.StateAsync(node)).Balance);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_pre_checkout_for_a_plan_at_a_stale_price_is_refused_and_grants_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync(floodLimits: false);
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), Settings());
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();

        // A link made when the plan cost 100 stars (the plan is 300:125 now).
        var stale = await CreateSubscriptionLinkAsBotAsync(sandbox, "sub:300:100", 100);
        var paid = await sandbox.Telegram.PayLinkAsync(ann.Id, stale);
        Assert.Equal(PaymentResult.Declined, paid.Status);
        Assert.Contains("no longer on sale", paid.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(await sandbox.Telegram.GetSubscriptionsAsync(ann.Id));
        Assert.Equal(Welcome, (await ann.StateAsync(node)).Balance);
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Housekeeping_ends_a_subscription_past_its_date_and_tells_the_user_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync(floodLimits: false);
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), Settings());
        var ann = await FlowUser.CreateAsync(sandbox);
        var bob = await FlowUser.CreateAsync(sandbox, "Bob");
        await ann.StartAsync();
        await bob.StartAsync();

        // Ann's paid time ended a minute ago (a cancelled subscription, or a renewal Telegram could not charge); Bob's runs on.
        var ended = DateTimeOffset.UtcNow.AddMinutes(-1);
        await sandbox.Telegram.DeliverPaymentAsync(ann.Id, new DeliverPaymentRequest(Payload, 125, SubscriptionExpirationDate: ended, IsRecurring: true, IsFirstRecurring: true));
        await sandbox.Telegram.DeliverPaymentAsync(bob.Id, new DeliverPaymentRequest(Payload, 125, SubscriptionExpirationDate: DateTimeOffset.UtcNow.AddDays(30), IsRecurring: true, IsFirstRecurring: true));
        await ann.WaitUntilAsync(m => m.Any(IsSubscriptionThanks), what: "Ann's thank-you");
        await bob.WaitUntilAsync(m => m.Any(IsSubscriptionThanks), what: "Bob's thank-you");

        using var http = new HttpClient { BaseAddress = node.HttpAddress };
        Assert.Equal(1, await EndedByRunAsync(http));
        await ann.WaitUntilAsync(m => m.Any(IsEnded), what: "the end notice");
        Assert.Equal(0, await EndedByRunAsync(http));

        var annMarker = await ann.PassMarkerAsync();
        Assert.Single(ChatMarker.Before(await sandbox.Telegram.GetBotMessagesAsync(ann.Id), annMarker), IsEnded);
        var bobMarker = await bob.PassMarkerAsync();
        Assert.DoesNotContain(ChatMarker.Before(await sandbox.Telegram.GetBotMessagesAsync(bob.Id), bobMarker), IsEnded);
        Assert.Equal(Welcome + 300, (await ann.StateAsync(node)).Balance); // the credits stay

        // Ended: /subscription offers the plan again.
        Assert.StartsWith("https://t.me/$", await SubscribeLinkAsync(ann), StringComparison.Ordinal);
        Assert.Contains("Subscription active", (await AskAsync(bob, "/subscription", m => m.PlainText?.Contains("Subscription", StringComparison.Ordinal) == true)).PlainText, StringComparison.Ordinal);
    }

    private static async Task<long> EndedByRunAsync(HttpClient http)
    {
        using var response = await http.PostAsync(new Uri("/operator/v1/housekeeping/run", UriKind.Relative), null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST housekeeping/run: {(int)response.StatusCode} {body}");
        var subscriptions = JsonDocument.Parse(body).RootElement.GetProperty("removed").EnumerateArray()
            .Single(r => r.GetProperty("target").GetString() == SubscriptionExpiry.TargetName);
        Assert.True(!subscriptions.TryGetProperty("failure", out var failure) || failure.ValueKind == JsonValueKind.Null, body);
        return subscriptions.GetProperty("removed").GetInt64();
    }

    /// <summary>createInvoiceLink as the bot would call it, for a plan its screens no longer sell.</summary>
    private static async Task<string> CreateSubscriptionLinkAsBotAsync(FlowSandbox sandbox, string payload, long stars)
    {
        using var http = new HttpClient { BaseAddress = sandbox.Origin };
        var body = new JsonObject
        {
            ["title"] = "An old plan",
            ["description"] = "Sold before the price changed",
            ["payload"] = payload,
            ["currency"] = "XTR",
            ["prices"] = new JsonArray(new JsonObject { ["label"] = "credits", ["amount"] = stars }),
            ["subscription_period"] = 2_592_000,
        };
        using var response = await http.PostAsJsonAsync(new Uri(sandbox.Origin, $"/bot{FlowSandbox.BotToken}/createInvoiceLink"), body);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.IsSuccessStatusCode, "createInvoiceLink: " + answer.ToJsonString());
        return answer["result"]!.GetValue<string>();
    }

    /// <summary>A subscription's first successful_payment as Telegram posts it to a webhook.</summary>
    private static JsonObject SubscriptionPaymentUpdate(long updateId, long userId, int messageId, string chargeId, DateTimeOffset expires)
    {
        var update = SuccessfulPaymentUpdate(updateId, userId, messageId, chargeId, Payload, 125);
        var paid = update["message"]!["successful_payment"]!.AsObject();
        paid["subscription_expiration_date"] = expires.ToUnixTimeSeconds();
        paid["is_recurring"] = true;
        paid["is_first_recurring"] = true;
        return update;
    }
}
