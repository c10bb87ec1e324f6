using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NeuroActors.Sandbox.Telegram.State;
using NeuroActors.Sandbox.Telegram.Text;

namespace NeuroActors.Sandbox.Telegram.Control;

/// <summary>What simulated users do: write, send media, press buttons, block the bot, pay. Each action produces the update the real server would.</summary>
internal static class UserActions
{
    private const long FirstUserId = 100_000_001;

    public static SandboxUserInfo CreateUser(BotSandboxState state, CreateUserRequest request)
    {
        lock (state.Gate)
        {
            var id = request.Id ?? NextUserId(state);
            if (id <= 0)
            {
                throw new ControlApiException("a user id must be positive");
            }

            if (state.Users.ContainsKey(id))
            {
                throw ControlApiException.Conflict($"user {id} already exists");
            }

            var user = new SandboxUser
            {
                Id = id,
                FirstName = string.IsNullOrWhiteSpace(request.FirstName) ? "User " + id.ToString(CultureInfo.InvariantCulture) : request.FirstName,
                LastName = request.LastName,
                Username = request.Username,
                LanguageCode = request.LanguageCode,
            };
            state.Users[id] = user;
            state.GetChat(user);
            return user.ToInfo();
        }
    }

    private static long NextUserId(BotSandboxState state)
    {
        var id = FirstUserId + state.Users.Count;
        while (state.Users.ContainsKey(id))
        {
            id++;
        }

        return id;
    }

    public static SandboxUser RequireUser(BotSandboxState state, long userId) =>
        state.Users.GetValueOrDefault(userId) ?? throw ControlApiException.NotFound($"no user {userId}; create it first");

    private static SandboxChat RequireActiveChat(BotSandboxState state, long userId)
    {
        var user = RequireUser(state, userId);
        if (user.HasBlocked)
        {
            throw ControlApiException.Conflict($"user {userId} has blocked the bot; unblock first");
        }

        return state.GetChat(user);
    }

    public static UserMessageSent SendText(BotSandboxState state, long userId, string text, int? replyToMessageId)
    {
        if (string.IsNullOrEmpty(text))
        {
            throw new ControlApiException("text is required");
        }

        lock (state.Gate)
        {
            var chat = RequireActiveChat(state, userId);
            chat.User.HasStarted = true;
            var replyTo = replyToMessageId is { } id && chat.FindMessage(id) is { Deleted: false } ? id : (int?)null;
            return AddUserMessage(state, chat, messageId => new SandboxMessage
            {
                MessageId = messageId,
                ChatId = chat.Id,
                FromBot = false,
                Date = state.Now,
                Text = UserText(text),
                ReplyToMessageId = replyTo,
            });
        }
    }

    public static UserMessageSent SendCommand(BotSandboxState state, long userId, SendCommandRequest request)
    {
        var command = request.Command.TrimStart('/');
        if (command.Length == 0)
        {
            throw new ControlApiException("command is required");
        }

        var text = "/" + command + (string.IsNullOrEmpty(request.Arguments) ? string.Empty : " " + request.Arguments);
        return SendText(state, userId, text, null);
    }

    /// <summary>Text as Telegram delivers it from a user: a leading /command is marked as a bot_command entity.</summary>
    private static FormattedText UserText(string text)
    {
        if (!text.StartsWith('/'))
        {
            return FormattedText.PlainText(text);
        }

        var end = 1;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '_' or '@'))
        {
            end++;
        }

        return end == 1 ? FormattedText.PlainText(text) : new FormattedText(text, null, text, [new TextEntity("bot_command", 0, end)]);
    }

    /// <summary>Photos sent as one album: each a message with the album's media_group_id, queued as its own update, as Telegram does.</summary>
    public static AlbumSent SendAlbum(BotSandboxState state, long userId, SendAlbumRequest request)
    {
        if (request.Items is not { Count: >= 2 })
        {
            throw new ControlApiException("an album holds 2 or more items");
        }

        var groupId = Guid.NewGuid().ToString("N")[..16];
        var sent = request.Items.Select((item, i) => SendMedia(state, userId, "photo", i == 0 ? item : item with { Caption = null }, groupId)).ToList();
        return new AlbumSent(groupId, sent);
    }

    public static UserMessageSent SendMedia(BotSandboxState state, long userId, string kind, SendMediaRequest request, string? mediaGroupId = null)
    {
        byte[] content;
        try
        {
            content = Convert.FromBase64String(request.Base64 ?? string.Empty);
        }
        catch (FormatException)
        {
            throw new ControlApiException("base64 is not valid base64");
        }

        if (content.Length == 0)
        {
            throw new ControlApiException("base64 holds no bytes");
        }

        int? width = null;
        int? height = null;
        var mimeType = request.MimeType ?? MediaProbe.GuessMimeType(request.FileName, kind);
        if (kind == "photo")
        {
            var image = MediaProbe.TryReadImage(content) ?? throw new ControlApiException("a photo must be a PNG, JPEG, GIF or WebP image");
            (width, height, mimeType) = (image.Width, image.Height, image.MimeType);
        }

        lock (state.Gate)
        {
            var chat = RequireActiveChat(state, userId);
            chat.User.HasStarted = true;
            var file = state.Files.Add(kind, content, mimeType, kind == "document" ? request.FileName ?? "file" : null, width, height);
            return AddUserMessage(state, chat, messageId => new SandboxMessage
            {
                MessageId = messageId,
                ChatId = chat.Id,
                FromBot = false,
                Date = state.Now,
                Media = new MessageMedia(kind, file, width, height, request.Duration ?? (kind is "voice" or "audio" or "video" or "video_note" ? 1 : null)),
                MediaGroupId = mediaGroupId,
                Caption = string.IsNullOrEmpty(request.Caption) ? null : FormattedText.PlainText(request.Caption),
            });
        }
    }

    /// <summary>Adds a message from the user, logs it and queues its "message" update. Call under the lock.</summary>
    public static UserMessageSent AddUserMessage(BotSandboxState state, SandboxChat chat, Func<int, SandboxMessage> create)
    {
        var message = create(chat.NextMessageId());
        chat.AddMessage(message);
        var change = chat.RecordChange(ChatChangeKinds.UserMessage, message.Date, state.Snapshot(message));
        var update = state.AddUpdate("message", state.RenderMessage(message), chat.Id, state.Options.MessageUpdateLifetime);
        return new UserMessageSent(chat.Id, message.MessageId, update?.Id, change.Seq);
    }

    public static async Task<ButtonPressResult> PressAsync(BotSandboxState state, long userId, PressButtonRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.CallbackData) && string.IsNullOrEmpty(request.Text))
        {
            throw new ControlApiException("give callback_data or text");
        }

        CallbackQueryRecord query;
        int? updateId;
        long seq;
        lock (state.Gate)
        {
            var chat = RequireActiveChat(state, userId);
            var (message, button) = FindButton(chat, request);
            query = new CallbackQueryRecord
            {
                Id = BotSandboxState.NewQueryId(),
                ChatId = chat.Id,
                MessageId = message.MessageId,
                Data = button.CallbackData!,
                CreatedAt = state.Now,
            };
            state.CallbackQueries[query.Id] = query;
            var payload = new JsonObject
            {
                ["id"] = query.Id,
                ["from"] = chat.User.ToUserJson(),
                ["message"] = state.RenderMessage(message),
                ["chat_instance"] = ChatInstance(chat.Id),
                ["data"] = query.Data,
            };
            updateId = state.AddUpdate("callback_query", payload, chat.Id + BotSandboxState.CallbackQueueKeyBase, state.Options.QueryUpdateLifetime)?.Id;
            seq = chat.LastSeq;
        }

        var wait = TimeSpan.FromMilliseconds(Math.Clamp(request.WaitMs ?? 3000, 0, 60_000));
        await Task.WhenAny(query.AnswerSignal.Task, Task.Delay(wait, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        lock (state.Gate)
        {
            return new ButtonPressResult(query.Id, query.ChatId, query.MessageId, query.Data, updateId, seq, query.ToInfo());
        }
    }

    private static (SandboxMessage Message, InlineButton Button) FindButton(SandboxChat chat, PressButtonRequest request)
    {
        IEnumerable<SandboxMessage> candidates;
        if (request.MessageId is { } messageId)
        {
            var message = chat.FindMessage(messageId);
            if (message is null || message.Deleted || !message.FromBot)
            {
                throw ControlApiException.NotFound($"no bot message {messageId} in chat {chat.Id}");
            }

            candidates = [message];
        }
        else
        {
            candidates = chat.Messages.Where(m => m.FromBot && !m.Deleted && m.Markup is { IsInline: true }).Reverse();
        }

        foreach (var message in candidates)
        {
            var buttons = message.Markup is { IsInline: true } markup ? markup.InlineRows.SelectMany(row => row).ToList() : [];
            var button = request.CallbackData is { Length: > 0 } data
                ? buttons.Find(b => b.CallbackData == data)
                : buttons.Find(b => b.Text == request.Text)
                    ?? buttons.Find(b => b.Text.Contains(request.Text!, StringComparison.OrdinalIgnoreCase));
            if (button is null)
            {
                continue;
            }

            if (button.CallbackData is null)
            {
                throw new ControlApiException($"the button \"{button.Text}\" has no callback_data (it is a URL, pay or other kind of button)");
            }

            return (message, button);
        }

        var wanted = request.CallbackData is { Length: > 0 } ? $"callback_data \"{request.CallbackData}\"" : $"text \"{request.Text}\"";
        throw ControlApiException.NotFound($"no inline button with {wanted} in chat {chat.Id}");
    }

    private static string ChatInstance(long chatId) => (chatId * 7_919L ^ 0x5DEECE66DL).ToString(CultureInfo.InvariantCulture);

    public static SandboxUserInfo SetBlocked(BotSandboxState state, long userId, bool blocked)
    {
        lock (state.Gate)
        {
            var user = RequireUser(state, userId);
            if (user.HasBlocked == blocked)
            {
                return user.ToInfo();
            }

            user.HasBlocked = blocked;
            var chat = state.GetChat(user);
            var now = state.Now;
            var bot = state.Bot.ToUserJson();
            var payload = new JsonObject
            {
                ["chat"] = user.ToChatJson(),
                ["from"] = user.ToUserJson(),
                ["date"] = now.ToUnixTimeSeconds(),
                ["old_chat_member"] = blocked
                    ? new JsonObject { ["status"] = "member", ["user"] = bot }
                    : new JsonObject { ["status"] = "kicked", ["user"] = bot.DeepClone(), ["until_date"] = 0 },
                ["new_chat_member"] = blocked
                    ? new JsonObject { ["status"] = "kicked", ["user"] = bot.DeepClone(), ["until_date"] = 0 }
                    : new JsonObject { ["status"] = "member", ["user"] = bot },
            };
            state.AddUpdate("my_chat_member", payload, user.Id + BotSandboxState.ChatMemberQueueKeyBase, state.Options.MessageUpdateLifetime);
            chat.RecordChange(blocked ? ChatChangeKinds.Blocked : ChatChangeKinds.Unblocked, now, null);
            return user.ToInfo();
        }
    }

    public static async Task<PaymentResult> PayAsync(BotSandboxState state, long userId, PayInvoiceRequest request, CancellationToken cancellationToken)
    {
        PreCheckoutRecord query;
        lock (state.Gate)
        {
            var chat = RequireActiveChat(state, userId);
            var invoiceMessage = FindInvoice(chat, request.MessageId);
            query = StartPreCheckout(state, chat, invoiceMessage.Invoice!, invoiceMessage.MessageId);
        }

        await AwaitPreCheckoutAsync(state, query, cancellationToken);
        lock (state.Gate)
        {
            var chat = state.Chats[userId];
            if (query.Ok is null)
            {
                query.Expired = true;
                return new PaymentResult(PaymentResult.TimedOut, query.InvoiceMessageId, query.Id, null, null, null, chat.LastSeq);
            }

            if (query.Ok == false)
            {
                return new PaymentResult(PaymentResult.Declined, query.InvoiceMessageId, query.Id, null, query.ErrorMessage, null, chat.LastSeq);
            }

            var invoiceMessage = chat.FindMessage(query.InvoiceMessageId)!;
            invoiceMessage.InvoicePaid = true;
            // The invoice now shows it was paid (as Telegram's clients do): the chat page re-renders it.
            chat.RecordChange(ChatChangeKinds.Edit, state.Now, state.Snapshot(invoiceMessage));
            var chargeId = NewChargeId();
            var content = new PaymentContent(
                query.Invoice.Currency,
                query.Invoice.TotalAmount,
                query.Invoice.Payload,
                chargeId,
                userId.ToString(CultureInfo.InvariantCulture) + "_" + RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString(CultureInfo.InvariantCulture));
            state.Payments[chargeId] = new StarPayment { ChargeId = chargeId, UserId = userId, Content = content };
            if (request.HoldPayment)
            {
                return new PaymentResult(PaymentResult.Paid, query.InvoiceMessageId, query.Id, chargeId, null, null, chat.LastSeq);
            }

            var sent = AddUserMessage(state, chat, messageId => new SandboxMessage
            {
                MessageId = messageId,
                ChatId = chat.Id,
                FromBot = false,
                Date = state.Now,
                SuccessfulPayment = content,
            });
            return new PaymentResult(PaymentResult.Paid, query.InvoiceMessageId, query.Id, chargeId, null, sent.MessageId, sent.Seq);
        }
    }

    /// <summary>The pre_checkout_query of a payment the user just confirmed (an invoice message's, or a link's: message id 0).</summary>
    private static PreCheckoutRecord StartPreCheckout(BotSandboxState state, SandboxChat chat, InvoiceContent invoice, int invoiceMessageId)
    {
        var query = new PreCheckoutRecord
        {
            Id = BotSandboxState.NewQueryId(),
            UserId = chat.User.Id,
            InvoiceMessageId = invoiceMessageId,
            Invoice = invoice,
            CreatedAt = state.Now,
        };
        state.PreCheckouts[query.Id] = query;
        var payload = new JsonObject
        {
            ["id"] = query.Id,
            ["from"] = chat.User.ToUserJson(),
            ["currency"] = invoice.Currency,
            ["total_amount"] = invoice.TotalAmount,
            ["invoice_payload"] = invoice.Payload,
        };
        state.AddUpdate("pre_checkout_query", payload, chat.User.Id + BotSandboxState.PreCheckoutQueueKeyBase, state.Options.QueryUpdateLifetime);
        return query;
    }

    /// <summary>The bot must answer within the pre-checkout timeout (10 s), or the payment fails.</summary>
    private static async Task AwaitPreCheckoutAsync(BotSandboxState state, PreCheckoutRecord query, CancellationToken cancellationToken)
    {
        await Task.WhenAny(query.AnswerSignal.Task, Task.Delay(state.Options.PreCheckoutTimeout, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Pays a createInvoiceLink link as the user: pre-checkout, then the charge and its successful_payment. A subscription's
    /// link starts a subscription: the payment says is_recurring and is_first_recurring, and its end is one period from now.
    /// </summary>
    public static async Task<PaymentResult> PayLinkAsync(BotSandboxState state, long userId, PayLinkRequest request, CancellationToken cancellationToken)
    {
        PreCheckoutRecord query;
        InvoiceLinkRecord link;
        lock (state.Gate)
        {
            var chat = RequireActiveChat(state, userId);
            link = state.InvoiceLinks.GetValueOrDefault(request.Url ?? string.Empty) ?? throw ControlApiException.NotFound($"no invoice link {request.Url}");
            query = StartPreCheckout(state, chat, link.Invoice, 0);
        }

        await AwaitPreCheckoutAsync(state, query, cancellationToken);
        lock (state.Gate)
        {
            var chat = state.Chats[userId];
            if (query.Ok is null)
            {
                query.Expired = true;
                return new PaymentResult(PaymentResult.TimedOut, 0, query.Id, null, null, null, chat.LastSeq);
            }

            if (query.Ok == false)
            {
                return new PaymentResult(PaymentResult.Declined, 0, query.Id, null, query.ErrorMessage, null, chat.LastSeq);
            }

            var chargeId = NewChargeId();
            var expiresAt = link.SubscriptionPeriod is { } period ? state.Now + TimeSpan.FromSeconds(period) : (DateTimeOffset?)null;
            if (link.SubscriptionPeriod is { } seconds)
            {
                var subscription = new StarSubscription { FirstChargeId = chargeId, UserId = userId, Invoice = link.Invoice, PeriodSeconds = seconds, ExpiresAt = expiresAt!.Value };
                subscription.Charges.Add(chargeId);
                state.Subscriptions[chargeId] = subscription;
            }

            var sent = Charge(state, chat, link.Invoice, chargeId, expiresAt, isFirstRecurring: expiresAt is not null);
            return new PaymentResult(PaymentResult.Paid, 0, query.Id, chargeId, null, sent.MessageId, sent.Seq);
        }
    }

    /// <summary>
    /// Telegram charges the next period of a subscription: a new charge id, the end one period later, a successful_payment
    /// with is_recurring. A cancelled or lapsed subscription is not charged (a conflict, as Telegram would not renew it).
    /// </summary>
    public static PaymentResult RenewSubscription(BotSandboxState state, long userId, RenewSubscriptionRequest request)
    {
        lock (state.Gate)
        {
            var chat = RequireActiveChat(state, userId);
            var subscription = FindSubscription(state, userId, request.SubscriptionChargeId);
            if (subscription.Canceled)
            {
                throw ControlApiException.Conflict($"subscription {subscription.FirstChargeId} is cancelled: Telegram does not charge it again");
            }

            if (subscription.Lapsed)
            {
                throw ControlApiException.Conflict($"subscription {subscription.FirstChargeId} lapsed: Telegram does not charge it again");
            }

            var chargeId = NewChargeId();
            subscription.ExpiresAt += TimeSpan.FromSeconds(subscription.PeriodSeconds);
            subscription.Charges.Add(chargeId);
            var sent = Charge(state, chat, subscription.Invoice, chargeId, subscription.ExpiresAt, isFirstRecurring: false);
            return new PaymentResult(PaymentResult.Paid, 0, string.Empty, chargeId, null, sent.MessageId, sent.Seq);
        }
    }

    /// <summary>The renewal was not paid (no Stars, or cancelled): the subscription ends at its date and Telegram tells the bot nothing.</summary>
    public static SubscriptionInfo LapseSubscription(BotSandboxState state, long userId, RenewSubscriptionRequest request)
    {
        lock (state.Gate)
        {
            var subscription = FindSubscription(state, userId, request.SubscriptionChargeId);
            subscription.Lapsed = true;
            return subscription.ToInfo();
        }
    }

    public static IReadOnlyList<SubscriptionInfo> Subscriptions(BotSandboxState state, long userId)
    {
        lock (state.Gate)
        {
            return state.Subscriptions.Values.Where(s => s.UserId == userId).Select(s => s.ToInfo()).ToList();
        }
    }

    private static StarSubscription FindSubscription(BotSandboxState state, long userId, string? firstChargeId)
    {
        if (firstChargeId is not null)
        {
            return state.Subscriptions.TryGetValue(firstChargeId, out var named) && named.UserId == userId
                ? named
                : throw ControlApiException.NotFound($"user {userId} has no subscription {firstChargeId}");
        }

        var running = state.Subscriptions.Values.Where(s => s.UserId == userId && !s.Lapsed).ToList();
        return running.Count == 1 ? running[0]
            : throw ControlApiException.NotFound($"user {userId} has {running.Count} running subscriptions: name one by its first charge id");
    }

    /// <summary>Records a Stars charge and posts its successful_payment message in the user's chat.</summary>
    private static (int MessageId, long Seq) Charge(BotSandboxState state, SandboxChat chat, InvoiceContent invoice, string chargeId, DateTimeOffset? expiresAt, bool isFirstRecurring)
    {
        var content = new PaymentContent(
            invoice.Currency,
            invoice.TotalAmount,
            invoice.Payload,
            chargeId,
            chat.User.Id.ToString(CultureInfo.InvariantCulture) + "_" + RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString(CultureInfo.InvariantCulture),
            expiresAt,
            IsRecurring: expiresAt is not null,
            IsFirstRecurring: isFirstRecurring);
        state.Payments[chargeId] = new StarPayment { ChargeId = chargeId, UserId = chat.User.Id, Content = content };
        var sent = AddUserMessage(state, chat, messageId => new SandboxMessage
        {
            MessageId = messageId,
            ChatId = chat.Id,
            FromBot = false,
            Date = state.Now,
            SuccessfulPayment = content,
        });
        return (sent.MessageId, sent.Seq);
    }

    /// <summary>A successful_payment message for a charge (a new one, or the same charge again) as Telegram would send it.</summary>
    public static PaymentResult DeliverPayment(BotSandboxState state, long userId, DeliverPaymentRequest request)
    {
        if (request.TotalAmount <= 0 || string.IsNullOrEmpty(request.Currency) || request.InvoicePayload is null)
        {
            throw new ControlApiException("a payment needs a positive total_amount, a currency and an invoice_payload");
        }

        lock (state.Gate)
        {
            var chat = RequireActiveChat(state, userId);
            var chargeId = request.TelegramPaymentChargeId ?? NewChargeId();
            if (!state.Payments.TryGetValue(chargeId, out var payment))
            {
                payment = new StarPayment
                {
                    ChargeId = chargeId,
                    UserId = userId,
                    Content = new PaymentContent(request.Currency, request.TotalAmount, request.InvoicePayload, chargeId,
                        userId.ToString(CultureInfo.InvariantCulture) + "_" + RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString(CultureInfo.InvariantCulture),
                        request.SubscriptionExpirationDate, request.IsRecurring, request.IsFirstRecurring),
                };
                state.Payments[chargeId] = payment;
            }
            else if (payment.UserId != userId)
            {
                throw ControlApiException.Conflict($"charge {chargeId} belongs to user {payment.UserId}");
            }

            var content = payment.Content;
            var sent = AddUserMessage(state, chat, messageId => new SandboxMessage
            {
                MessageId = messageId,
                ChatId = chat.Id,
                FromBot = false,
                Date = state.Now,
                SuccessfulPayment = content,
            });
            return new PaymentResult(PaymentResult.Paid, 0, string.Empty, chargeId, null, sent.MessageId, sent.Seq);
        }
    }

    private static string NewChargeId() =>
        "stx" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static SandboxMessage FindInvoice(SandboxChat chat, int? messageId)
    {
        var invoice = messageId is { } id
            ? chat.FindMessage(id)
            : chat.Messages.LastOrDefault(m => m.FromBot && !m.Deleted && m.Invoice is not null && !m.InvoicePaid);
        if (invoice is null || invoice.Deleted || invoice.Invoice is null)
        {
            throw ControlApiException.NotFound($"no invoice to pay in chat {chat.Id}");
        }

        if (invoice.InvoicePaid)
        {
            throw ControlApiException.Conflict($"invoice message {invoice.MessageId} is already paid");
        }

        return invoice;
    }
}
