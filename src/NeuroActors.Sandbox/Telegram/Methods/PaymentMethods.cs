using System.Text;
using System.Text.Json.Nodes;
using NeuroActors.Sandbox.Telegram.Control;
using NeuroActors.Sandbox.Telegram.State;
using NeuroActors.Sandbox.Telegram.Text;
using NeuroActors.Sandbox.Telegram.Wire;

namespace NeuroActors.Sandbox.Telegram.Methods;

/// <summary>
/// Telegram Stars: sendInvoice (XTR, one price), createInvoiceLink (also a 30-day subscription), answerPreCheckoutQuery,
/// refundStarPayment and editUserStarSubscription.
/// </summary>
internal static class PaymentMethods
{
    public const string Stars = "XTR";

    public static void Register(Dictionary<string, BotApiMethod> methods)
    {
        methods["sendinvoice"] = SendInvoice;
        methods["answerprecheckoutquery"] = AnswerPreCheckoutQuery;
        methods["refundstarpayment"] = RefundStarPayment;
        methods["createinvoicelink"] = CreateInvoiceLink;
        methods["edituserstarsubscription"] = EditUserStarSubscription;
    }

    /// <summary>The only subscription period Telegram takes: 30 days.</summary>
    public const int SubscriptionPeriod = 2_592_000;

    /// <summary>Telegram's ceiling for one invoice, and for a subscription's price.</summary>
    public const long MaxStars = 10_000;

    private static Task<BotApiResult> CreateInvoiceLink(BotApiCall call)
    {
        var parameters = call.Parameters;
        var invoice = ReadInvoice(parameters);
        var period = parameters.GetLong("subscription_period");
        if (period is not null)
        {
            // A subscription: Stars only, 30 days exactly, at most 10,000 Stars.
            if (invoice.Currency != Stars || period != SubscriptionPeriod)
            {
                throw BotApiErrors.BadRequest("SUBSCRIPTION_PERIOD_INVALID");
            }

            if (invoice.TotalAmount > MaxStars)
            {
                throw BotApiErrors.BadRequest("STARS_INVOICE_INVALID");
            }
        }

        var state = call.State;
        lock (state.Gate)
        {
            var url = "https://t.me/$" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            state.InvoiceLinks[url] = new InvoiceLinkRecord(url, invoice, (int?)period);
            return Task.FromResult(new BotApiResult(JsonValue.Create(url)));
        }
    }

    private static Task<BotApiResult> EditUserStarSubscription(BotApiCall call)
    {
        var parameters = call.Parameters;
        var userId = Math.Max(parameters.GetLong("user_id") ?? 0, 0);
        if (userId == 0)
        {
            throw BotApiErrors.BadRequest("invalid user_id specified");
        }

        var chargeId = parameters.RequireString("telegram_payment_charge_id");
        var canceled = parameters.GetBool("is_canceled");
        var state = call.State;
        lock (state.Gate)
        {
            if (!state.Subscriptions.TryGetValue(chargeId, out var subscription) || subscription.UserId != userId)
            {
                throw BotApiErrors.BadRequest("CHARGE_NOT_FOUND");
            }

            if (subscription.Lapsed || subscription.ExpiresAt <= state.Now)
            {
                throw BotApiErrors.BadRequest("SUBSCRIPTION_EXPIRED");
            }

            subscription.Canceled = canceled;
            return Task.FromResult(BotApiResult.True());
        }
    }

    /// <summary>An invoice's fields as sendInvoice and createInvoiceLink check them (Stars only, one price).</summary>
    private static InvoiceContent ReadInvoice(BotApiParameters parameters)
    {
        var title = parameters.RequireString("title");
        var description = parameters.RequireString("description");
        var payload = parameters.RequireString("payload");
        var currency = parameters.RequireString("currency");
        var pricesJson = parameters.GetJson("prices", "can't parse prices JSON object") ?? throw BotApiErrors.ParameterRequired("prices");
        if (title.Length > 32)
        {
            throw BotApiErrors.BadRequest("TITLE_INVALID");
        }

        if (description.Length > 255)
        {
            throw BotApiErrors.BadRequest("DESCRIPTION_INVALID");
        }

        if (Encoding.UTF8.GetByteCount(payload) > 128)
        {
            throw BotApiErrors.BadRequest("INVOICE_PAYLOAD_INVALID");
        }

        var prices = ReadPrices(pricesJson);
        if (currency != Stars)
        {
            throw BotApiErrors.BadRequest("PAYMENT_PROVIDER_INVALID");
        }

        if (prices.Count != 1 || prices[0] <= 0)
        {
            throw BotApiErrors.BadRequest("STARS_INVOICE_INVALID");
        }

        return new InvoiceContent(title, description, payload, currency, prices[0], parameters.GetString("start_parameter"));
    }

    private static Task<BotApiResult> SendInvoice(BotApiCall call)
    {
        var parameters = call.Parameters;
        var invoice = ReadInvoice(parameters);
        var markup = ReplyMarkup.Parse(parameters);
        var state = call.State;
        lock (state.Gate)
        {
            var chat = state.ResolveChatForWrite(parameters);
            var replyTo = MethodHelpers.ResolveReplyTo(chat, parameters);
            state.ConsumeFloodBudget(chat);
            var message = new SandboxMessage
            {
                MessageId = chat.NextMessageId(),
                ChatId = chat.Id,
                FromBot = true,
                Bot = call.Bot,
                Date = state.Now,
                Invoice = invoice,
                Markup = markup,
                ReplyToMessageId = replyTo,
            };
            state.AddBotMessage(chat, message);
            return Task.FromResult(new BotApiResult(state.RenderMessage(message)));
        }
    }

    private static List<long> ReadPrices(JsonNode json)
    {
        if (json is not JsonArray array)
        {
            throw BotApiErrors.BadRequest("expected an Array of labeled prices");
        }

        var amounts = new List<long>();
        foreach (var item in array)
        {
            if (item is not JsonObject price)
            {
                throw BotApiErrors.BadRequest("can't parse labeled price: LabeledPrice must be an Object");
            }

            if (price["label"] is not JsonValue label || !label.TryGetValue<string>(out var labelText) || labelText.Length == 0)
            {
                throw BotApiErrors.BadRequest("can't parse labeled price: LabeledPrice label must be non-empty");
            }

            if (price["amount"] is not JsonValue amount || !amount.TryGetValue<long>(out var value))
            {
                throw BotApiErrors.BadRequest("can't parse labeled price: Field \"amount\" must be a valid Number");
            }

            amounts.Add(value);
        }

        if (amounts.Count == 0)
        {
            throw BotApiErrors.BadRequest("there must be at least one price");
        }

        return amounts;
    }

    private static Task<BotApiResult> AnswerPreCheckoutQuery(BotApiCall call)
    {
        var parameters = call.Parameters;
        var id = parameters.GetString("pre_checkout_query_id")?.Trim();
        var ok = parameters.GetBool("ok");
        var errorMessage = ok ? null : parameters.RequireString("error_message");
        var state = call.State;
        lock (state.Gate)
        {
            if (id is null || !state.PreCheckouts.TryGetValue(id, out var query) || query.Expired || query.Ok is not null)
            {
                throw BotApiErrors.QueryTooOld();
            }

            query.Ok = ok;
            query.ErrorMessage = errorMessage;
            query.AnswerSignal.TrySetResult();
            return Task.FromResult(BotApiResult.True());
        }
    }

    private static Task<BotApiResult> RefundStarPayment(BotApiCall call)
    {
        var parameters = call.Parameters;
        var userId = Math.Max(parameters.GetLong("user_id") ?? 0, 0);
        if (userId == 0)
        {
            throw BotApiErrors.BadRequest("invalid user_id specified");
        }

        var chargeId = parameters.RequireString("telegram_payment_charge_id");
        var state = call.State;
        lock (state.Gate)
        {
            if (!state.Payments.TryGetValue(chargeId, out var payment) || payment.UserId != userId)
            {
                throw BotApiErrors.BadRequest("CHARGE_NOT_FOUND");
            }

            if (payment.Refunded)
            {
                throw BotApiErrors.BadRequest("CHARGE_ALREADY_REFUNDED");
            }

            payment.Refunded = true;
            var chat = state.Chats[userId];
            var content = payment.Content with { ProviderPaymentChargeId = null };
            UserActions.AddUserMessage(state, chat, message => new SandboxMessage
            {
                MessageId = message,
                ChatId = chat.Id,
                FromBot = false,
                Date = state.Now,
                RefundedPayment = content,
            });
            return Task.FromResult(BotApiResult.True());
        }
    }
}
