using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.ReadSide;
using NeuroActors.Domain.Telegram;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.IntegrationTests.Payments;

/// <summary>Steps the payment tests share: buying through the bot's screens, the bot's own invoices, raw payment updates.</summary>
internal static class PaymentFlow
{
    public const long Welcome = 10;

    public static Dictionary<string, string?> Settings(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?> { ["Credits:Welcome"] = Welcome.ToString(CultureInfo.InvariantCulture) };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        return settings;
    }

    public static bool IsThankYou(TranscriptMessage message) =>
        message.PlainText?.Contains("Thank you for your payment", StringComparison.Ordinal) == true;

    public static bool IsInvoice(TranscriptMessage message) => message.Invoice is not null;

    /// <summary>/buy, then the pack's button: waits for the invoice the bot sends.</summary>
    public static async Task<TranscriptMessage> AskForInvoiceAsync(FlowUser user, long credits, long stars)
    {
        var before = (await user.Sandbox.Telegram.GetBotMessagesAsync(user.Id)).Count(IsInvoice);
        await user.Sandbox.Telegram.SendCommandAsync(user.Id, "buy");
        await user.TapAsync(a => a == new CallbackAction.BuyPack(credits, stars));
        var messages = await user.WaitUntilAsync(m => m.Count(IsInvoice) > before, what: "the invoice");
        return messages.Last(IsInvoice);
    }

    /// <summary>Sends an invoice as the bot would (through the Bot API), for invoices the bot's own screens never make.</summary>
    public static async Task SendInvoiceAsBotAsync(FlowSandbox sandbox, long chatId, string payload, long stars)
    {
        using var http = new HttpClient { BaseAddress = sandbox.Origin };
        var body = new JsonObject
        {
            ["chat_id"] = chatId,
            ["title"] = "An old invoice",
            ["description"] = "Sent before the packs changed",
            ["payload"] = payload,
            ["currency"] = "XTR",
            ["prices"] = new JsonArray(new JsonObject { ["label"] = "credits", ["amount"] = stars }),
        };
        using var response = await http.PostAsJsonAsync(new Uri(sandbox.Origin, $"/bot{FlowSandbox.BotToken}/sendInvoice"), body);
        Assert.True(response.IsSuccessStatusCode, "sendInvoice: " + await response.Content.ReadAsStringAsync());
    }

    /// <summary>A successful_payment update as Telegram posts it to a webhook.</summary>
    public static JsonObject SuccessfulPaymentUpdate(long updateId, long userId, int messageId, string chargeId, string payload, long stars) => new()
    {
        ["update_id"] = updateId,
        ["message"] = new JsonObject
        {
            ["message_id"] = messageId,
            ["from"] = new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = "Ann", ["language_code"] = "en" },
            ["chat"] = new JsonObject { ["id"] = userId, ["type"] = "private", ["first_name"] = "Ann" },
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["successful_payment"] = new JsonObject
            {
                ["currency"] = "XTR",
                ["total_amount"] = stars,
                ["invoice_payload"] = payload,
                ["telegram_payment_charge_id"] = chargeId,
                ["provider_payment_charge_id"] = "",
            },
        },
    };

    /// <summary>Sends <paramref name="text"/> and returns the first later bot message that satisfies <paramref name="answer"/>.</summary>
    public static async Task<TranscriptMessage> AskAsync(FlowUser user, string text, Func<TranscriptMessage, bool> answer)
    {
        var sent = await user.SendTextAsync(text);
        var messages = await user.WaitUntilAsync(m => m.Any(x => x.MessageId > sent.MessageId && answer(x)), what: "the answer to " + text);
        return messages.First(x => x.MessageId > sent.MessageId && answer(x));
    }

    /// <summary>Waits until the node's read side knows who paid the charge (it projects a moment after the user actor wrote).</summary>
    public static async Task ReadSideKnowsChargeAsync(TestNode node, string chargeId, long userId)
    {
        var queries = node.App.Services.GetRequiredService<IReadSideQueries>();
        var deadline = DateTimeOffset.UtcNow + FlowUser.Patience;
        while (await queries.UserIdByChargeIdAsync(chargeId, CancellationToken.None) != userId)
        {
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException("the read side never learnt charge " + chargeId);
            await Task.Delay(100);
        }
    }
}

/// <summary>A node on a fresh database with an admin (Boss) and a user (Ann) who have both sent /start: where most payment tests begin.</summary>
internal sealed class PaymentScene : IAsyncDisposable
{
    private PaymentScene(TestDatabase database, FlowSandbox sandbox, TestNode node, FlowUser boss, FlowUser ann) =>
        (Database, Sandbox, Node, Boss, Ann) = (database, sandbox, node, boss, ann);

    public TestDatabase Database { get; }

    public FlowSandbox Sandbox { get; }

    public TestNode Node { get; }

    public FlowUser Boss { get; }

    public FlowUser Ann { get; }

    public static async Task<PaymentScene> StartAsync(string provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var sandbox = await FlowSandbox.StartAsync(floodLimits: false);
        var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), PaymentFlow.Settings());
        var boss = await FlowUser.CreateAsync(sandbox, "Boss", "en", FlowUser.AdminId);
        await boss.StartAsync();
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();
        return new PaymentScene(database, sandbox, node, boss, ann);
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        await Sandbox.DisposeAsync();
        await Database.DisposeAsync();
    }
}
