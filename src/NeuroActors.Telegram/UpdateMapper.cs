using NeuroActors.Domain.Payments;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace NeuroActors.Telegram;

/// <summary>Reduces a Telegram.Bot update to the neutral <see cref="IncomingUpdate"/>; null for updates the bot ignores.</summary>
public static class UpdateMapper
{
    public static IncomingUpdate? Map(Update update)
    {
        if (update.CallbackQuery is { } query)
        {
            var chat = query.Message?.Chat;
            return new IncomingUpdate(update.Id, query.From.Id, chat?.Id ?? query.From.Id, chat is null || chat.Type == ChatType.Private,
                UpdateKind.CallbackQuery, query.From.FirstName, query.From.LanguageCode,
                CallbackQueryId: query.Id, CallbackData: query.Data, MessageId: query.Message?.Id, Username: query.From.Username);
        }

        if (update.PreCheckoutQuery is { } checkout)
        {
            // A payment in progress: Telegram waits 10 s for the answer, so it is never dropped (no chat: the payer's own).
            return new IncomingUpdate(update.Id, checkout.From.Id, checkout.From.Id, true, UpdateKind.PreCheckoutQuery, checkout.From.FirstName, checkout.From.LanguageCode,
                Username: checkout.From.Username, Payment: new IncomingPayment(checkout.Currency, checkout.TotalAmount, checkout.InvoicePayload, PreCheckoutQueryId: checkout.Id));
        }

        if (update.MyChatMember is { } member && member.Chat.Type == ChatType.Private)
        {
            var kind = member.NewChatMember.Status == ChatMemberStatus.Kicked ? UpdateKind.BotBlocked : UpdateKind.BotUnblocked;
            return new IncomingUpdate(update.Id, member.From.Id, member.Chat.Id, true, kind, member.From.FirstName, member.From.LanguageCode, Username: member.From.Username);
        }

        if (update.Message is not { From: { } from } message) return null;
        var common = new IncomingUpdate(update.Id, from.Id, message.Chat.Id, message.Chat.Type == ChatType.Private, UpdateKind.Text,
            from.FirstName, from.LanguageCode, MessageId: message.Id, Username: from.Username);
        if (message.SuccessfulPayment is { } paid)
        {
            return common with
            {
                Kind = UpdateKind.SuccessfulPayment,
                Payment = new IncomingPayment(paid.Currency, paid.TotalAmount, paid.InvoicePayload, paid.TelegramPaymentChargeId, null, paid.IsRecurring,
                    paid.SubscriptionExpirationDate is { } expires ? new DateTimeOffset(DateTime.SpecifyKind(expires, DateTimeKind.Utc)) : null,
                    paid.IsFirstRecurring),
            };
        }

        if (message.RefundedPayment is { } refunded)
        {
            return common with
            {
                Kind = UpdateKind.RefundedPayment,
                Payment = new IncomingPayment(refunded.Currency, refunded.TotalAmount, refunded.InvoicePayload, refunded.TelegramPaymentChargeId),
            };
        }

        if (message.Photo is { Length: > 0 } sizes)
        {
            var largest = sizes.MaxBy(s => (long)s.Width * s.Height)!;
            return common with { Kind = UpdateKind.Photo, FileId = largest.FileId, FileSize = largest.FileSize, Text = message.Caption, MediaGroupId = message.MediaGroupId };
        }

        if (message.Voice is { } voice)
            return common with { Kind = UpdateKind.Audio, OtherMedia = OtherMedia.Voice, FileId = voice.FileId, FileSize = voice.FileSize, MimeType = voice.MimeType, Duration = voice.Duration, Text = message.Caption };
        if (message.Audio is { } audio)
            return common with { Kind = UpdateKind.Audio, OtherMedia = OtherMedia.Audio, FileId = audio.FileId, FileSize = audio.FileSize, MimeType = audio.MimeType, Duration = audio.Duration, Text = message.Caption };
        if (message.Video is { } video)
            return common with { Kind = UpdateKind.Video, OtherMedia = OtherMedia.Video, FileId = video.FileId, FileSize = video.FileSize, MimeType = video.MimeType, Duration = video.Duration, Text = message.Caption, MediaGroupId = message.MediaGroupId };
        if (message.VideoNote is { } note)
            return common with { Kind = UpdateKind.Video, OtherMedia = OtherMedia.VideoNote, FileId = note.FileId, FileSize = note.FileSize, MimeType = "video/mp4", Duration = note.Duration };

        if (message.Document is { } document)
            return common with { Kind = UpdateKind.Document, FileId = document.FileId, FileSize = document.FileSize, MimeType = document.MimeType, Text = message.Caption };
        if (message.Text is { } text) return common with { Text = text };

        var other = message.Type switch
        {
            MessageType.Sticker => OtherMedia.Sticker,
            MessageType.Voice => OtherMedia.Voice,
            MessageType.Video => OtherMedia.Video,
            MessageType.VideoNote => OtherMedia.VideoNote,
            MessageType.Audio => OtherMedia.Audio,
            MessageType.Animation => OtherMedia.Animation,
            MessageType.Location => OtherMedia.Location,
            MessageType.Contact => OtherMedia.Contact,
            _ => (OtherMedia?)null,
        };
        return other is null ? null : common with { Kind = UpdateKind.OtherMessage, OtherMedia = other, Text = message.Caption };
    }
}
