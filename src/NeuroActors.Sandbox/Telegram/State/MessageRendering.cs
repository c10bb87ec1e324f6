using System.Text.Json;
using System.Text.Json.Nodes;

namespace NeuroActors.Sandbox.Telegram.State;

/// <summary>Renders messages as Bot API Message objects and as control API transcript entries.</summary>
internal static class MessageRendering
{
    public const string FilesPath = "/sandbox/telegram/files/";

    public static JsonObject ToBotApiJson(SandboxMessage message, SandboxChat chat, Func<int, SandboxMessage?>? findReply = null)
    {
        var json = new JsonObject
        {
            ["message_id"] = message.MessageId,
            ["from"] = message.FromBot ? message.Bot!.ToUserJson() : chat.User.ToUserJson(),
            ["chat"] = chat.User.ToChatJson(),
            ["date"] = message.Date.ToUnixTimeSeconds(),
        };
        if (message.EditDate is { } editDate)
        {
            json["edit_date"] = editDate.ToUnixTimeSeconds();
        }

        if (message.MediaGroupId is not null)
        {
            json["media_group_id"] = message.MediaGroupId;
        }

        if (message.ReplyToMessageId is { } replyId && findReply?.Invoke(replyId) is { } replied)
        {
            json["reply_to_message"] = ToBotApiJson(replied, chat);
        }

        if (message.Text is { } text)
        {
            json["text"] = text.Plain;
            if (text.Entities.Count > 0)
            {
                json["entities"] = text.EntitiesJson();
            }
        }

        if (message.Media is { } media)
        {
            AddMedia(json, media);
        }

        if (message.Caption is { } caption)
        {
            json["caption"] = caption.Plain;
            if (caption.Entities.Count > 0)
            {
                json["caption_entities"] = caption.EntitiesJson();
            }
        }

        if (message.Invoice is { } invoice)
        {
            var invoiceJson = new JsonObject
            {
                ["title"] = invoice.Title,
                ["description"] = invoice.Description,
                ["start_parameter"] = invoice.StartParameter ?? string.Empty,
                ["currency"] = invoice.Currency,
                ["total_amount"] = invoice.TotalAmount,
            };
            json["invoice"] = invoiceJson;
        }

        if (message.SuccessfulPayment is { } paid)
        {
            json["successful_payment"] = new JsonObject
            {
                ["currency"] = paid.Currency,
                ["total_amount"] = paid.TotalAmount,
                ["invoice_payload"] = paid.InvoicePayload,
                ["telegram_payment_charge_id"] = paid.TelegramPaymentChargeId,
                ["provider_payment_charge_id"] = paid.ProviderPaymentChargeId ?? string.Empty,
            };
            if (paid.SubscriptionExpirationDate is { } expires)
            {
                json["successful_payment"]!["subscription_expiration_date"] = expires.ToUnixTimeSeconds();
            }

            if (paid.IsRecurring)
            {
                json["successful_payment"]!["is_recurring"] = true;
            }

            if (paid.IsFirstRecurring)
            {
                json["successful_payment"]!["is_first_recurring"] = true;
            }
        }

        if (message.RefundedPayment is { } refunded)
        {
            json["refunded_payment"] = new JsonObject
            {
                ["currency"] = refunded.Currency,
                ["total_amount"] = refunded.TotalAmount,
                ["invoice_payload"] = refunded.InvoicePayload,
                ["telegram_payment_charge_id"] = refunded.TelegramPaymentChargeId,
            };
        }

        // Only inline keyboards are part of a Message object.
        if (message.Markup is { IsInline: true } markup)
        {
            json["reply_markup"] = markup.ToJsonNode();
        }

        return json;
    }

    private static void AddMedia(JsonObject json, MessageMedia media)
    {
        var file = media.File;
        var common = new JsonObject { ["file_id"] = file.FileId, ["file_unique_id"] = file.FileUniqueId };
        switch (media.Kind)
        {
            case "photo":
                common["file_size"] = file.Size;
                common["width"] = media.Width ?? 0;
                common["height"] = media.Height ?? 0;
                json["photo"] = new JsonArray(common);
                return;
            case "voice":
                common["duration"] = media.Duration ?? 0;
                break;
            case "audio":
                common["duration"] = media.Duration ?? 0;
                if (media.Title is not null)
                {
                    common["title"] = media.Title;
                }

                if (media.Performer is not null)
                {
                    common["performer"] = media.Performer;
                }

                break;
            case "video_note":
                common["length"] = media.Width ?? 240;
                common["duration"] = media.Duration ?? 0;
                break;
            case "video" or "animation":
                common["width"] = media.Width ?? 0;
                common["height"] = media.Height ?? 0;
                common["duration"] = media.Duration ?? 0;
                break;
        }

        if (file.FileName is not null)
        {
            common["file_name"] = file.FileName;
        }

        if (file.MimeType is not null)
        {
            common["mime_type"] = file.MimeType;
        }

        common["file_size"] = file.Size;
        json[media.Kind] = common;
        if (media.Kind == "animation")
        {
            // Telegram also sends an animation as a document, for old clients.
            var document = new JsonObject { ["file_id"] = file.FileId, ["file_unique_id"] = file.FileUniqueId, ["file_size"] = file.Size };
            if (file.FileName is not null)
            {
                document["file_name"] = file.FileName;
            }

            if (file.MimeType is not null)
            {
                document["mime_type"] = file.MimeType;
            }

            json["document"] = document;
        }
    }

    public static TranscriptMessage ToTranscript(SandboxMessage message, string filesBaseUrl)
    {
        var markup = message.Markup;
        JsonElement? markupJson = markup is null ? null : JsonDocument.Parse(markup.Json).RootElement.Clone();
        var inline = markup is { IsInline: true }
            ? markup.InlineRows.Select(row => (IReadOnlyList<TranscriptButton>)row.Select(b => new TranscriptButton(b.Text, b.CallbackData, b.Url, b.Pay)).ToList()).ToList()
            : null;
        var keyboard = markup is { Kind: "keyboard" } ? markup.KeyboardRows : null;
        TranscriptMedia? media = message.Media is { } m
            ? new TranscriptMedia(m.Kind, m.File.FileId, filesBaseUrl + m.File.FileId, m.File.FileName, m.File.MimeType, m.File.Size, m.Width, m.Height, m.Duration)
            : null;
        TranscriptInvoice? invoice = message.Invoice is { } i
            ? new TranscriptInvoice(i.Title, i.Description, i.Currency, i.TotalAmount, i.Payload, message.InvoicePaid)
            : null;
        return new TranscriptMessage(
            message.MessageId,
            message.FromBot,
            message.Date,
            message.Text?.Source,
            message.Caption?.Source,
            message.Text?.Plain ?? message.Caption?.Plain,
            message.Text?.ParseMode ?? message.Caption?.ParseMode,
            markupJson,
            inline,
            keyboard,
            media,
            message.MediaGroupId,
            message.ReplyToMessageId,
            invoice,
            ToPayment(message.SuccessfulPayment),
            ToPayment(message.RefundedPayment),
            message.EditCount,
            message.EditDate,
            message.Deleted,
            (message.Text ?? message.Caption)?.Entities.Select(e => new TranscriptEntity(e.Type, e.Offset, e.Length, e.Url, e.Language)).ToList());
    }

    private static TranscriptPayment? ToPayment(PaymentContent? payment) =>
        payment is null ? null : new TranscriptPayment(payment.Currency, payment.TotalAmount, payment.InvoicePayload, payment.TelegramPaymentChargeId,
            payment.SubscriptionExpirationDate, payment.IsRecurring, payment.IsFirstRecurring);

    /// <summary>Makes a transcript's media URLs absolute for the caller's origin (they are stored relative).</summary>
    public static TranscriptMessage WithOrigin(TranscriptMessage message, string origin) =>
        message.Media is { } media && media.Url.StartsWith('/')
            ? message with { Media = media with { Url = origin + media.Url } }
            : message;

    public static ChatChange WithOrigin(ChatChange change, string origin) =>
        change.Message is null ? change : change with { Message = WithOrigin(change.Message, origin) };
}
