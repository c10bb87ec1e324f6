using Microsoft.Extensions.Logging;
using NeuroActors.Domain.Telegram;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.Payments;
using Telegram.Bot.Types.ReplyMarkups;

namespace NeuroActors.Telegram;

/// <summary>Performs one <see cref="OutboundMessage"/> through the Bot API and classifies the answer; never throws for Telegram's errors.</summary>
public sealed class TelegramSender(ITelegramBotClient bot, IHttpClientFactory httpClients, ILogger<TelegramSender> log)
{
    /// <summary>Telegram fetches at most 5 MB photos and 20 MB other files by URL; uploads take 10 MB photos and 50 MB others.</summary>
    private const long PhotoByUrlLimit = 5L << 20, OtherByUrlLimit = 20L << 20, PhotoUploadLimit = 10L << 20, OtherUploadLimit = 50L << 20;

    public ITelegramBotClient Bot => bot;

    public async Task<SendOutcome> SendAsync(long chatId, OutboundMessage message, CancellationToken cancel)
    {
        try
        {
            return message switch
            {
                OutboundMessage.SendScreen m => Sent(await bot.SendMessage(chatId, m.Screen.Html, ParseMode.Html, replyMarkup: Markup(m.Screen.Keyboard),
                    linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, cancellationToken: cancel)),
                OutboundMessage.EditScreen m => Sent(await bot.EditMessageText(chatId, (int)m.MessageId, m.Screen.Html, ParseMode.Html,
                    replyMarkup: Markup(m.Screen.Keyboard), linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, cancellationToken: cancel)),
                OutboundMessage.AnswerCallback m => await AnswerAsync(m, cancel),
                OutboundMessage.ChatAction m => await ActionAsync(chatId, m, cancel),
                OutboundMessage.SendMedia m => await SendMediaAsync(chatId, m.Item, m.Keyboard, cancel),
                OutboundMessage.SendAlbum m => await SendAlbumAsync(chatId, m.Items, cancel),
                OutboundMessage.SendPhotoUpload m => await SendPhotoUploadAsync(chatId, m, cancel),
                OutboundMessage.EditPhotoUpload m => await EditPhotoUploadAsync(chatId, m, cancel),
                OutboundMessage.SendInvoice m => Sent(await bot.SendInvoice(chatId, m.Title, m.Description, m.Payload, "XTR",
                    [new LabeledPrice(m.PriceLabel, m.Stars)], cancellationToken: cancel)),
                OutboundMessage.AnswerPreCheckout m => await AnswerPreCheckoutAsync(m, cancel),
                _ => new SendOutcome.Rejected("unknown outbound message " + message.GetType().Name),
            };
        }
        catch (FileTooLargeException e)
        {
            return new SendOutcome.TooLarge(e.Url, e.SizeBytes);
        }
        catch (ApiRequestException e)
        {
            return SendOutcome.FromError(e.ErrorCode, e.Message, e.Parameters?.RetryAfter);
        }
        catch (RequestException e)
        {
            return new SendOutcome.Transient(e.Message);
        }
        catch (HttpRequestException e)
        {
            return new SendOutcome.Transient(e.Message);
        }
        catch (TaskCanceledException) when (!cancel.IsCancellationRequested)
        {
            return new SendOutcome.Transient("timeout");
        }
    }

    private static SendOutcome.Sent Sent(Message message) => new([message.Id], FileIdOf(message) is { } fileId ? [fileId] : null);

    /// <summary>The file id of a sent media message (a photo's largest size), for sending it again from /history.</summary>
    private static string? FileIdOf(Message message) =>
        message.Photo is { Length: > 0 } sizes ? sizes.MaxBy(s => (long)s.Width * s.Height)!.FileId
        : message.Video?.FileId ?? message.Audio?.FileId ?? message.Voice?.FileId ?? message.Animation?.FileId ?? message.Document?.FileId;

    /// <summary>A multipart upload of bytes the node made (the metrics chart).</summary>
    private async Task<SendOutcome> SendPhotoUploadAsync(long chatId, OutboundMessage.SendPhotoUpload m, CancellationToken cancel)
    {
        await using var content = new MemoryStream(m.Content, writable: false);
        return Sent(await bot.SendPhoto(chatId, InputFile.FromStream(content, m.FileName), m.CaptionHtml, ParseMode.Html,
            replyMarkup: Markup(m.Keyboard), cancellationToken: cancel));
    }

    /// <summary>editMessageMedia with the new photo attached to the same multipart request.</summary>
    private async Task<SendOutcome> EditPhotoUploadAsync(long chatId, OutboundMessage.EditPhotoUpload m, CancellationToken cancel)
    {
        await using var content = new MemoryStream(m.Content, writable: false);
        var media = new InputMediaPhoto(InputFile.FromStream(content, m.FileName)) { Caption = m.CaptionHtml, ParseMode = ParseMode.Html };
        return Sent(await bot.EditMessageMedia(chatId, (int)m.MessageId, media, replyMarkup: Markup(m.Keyboard), cancellationToken: cancel));
    }

    private async Task<SendOutcome> AnswerAsync(OutboundMessage.AnswerCallback m, CancellationToken cancel)
    {
        await bot.AnswerCallbackQuery(m.CallbackQueryId, m.Text, m.ShowAlert, cancellationToken: cancel);
        return new SendOutcome.Sent([]);
    }

    private async Task<SendOutcome> AnswerPreCheckoutAsync(OutboundMessage.AnswerPreCheckout m, CancellationToken cancel)
    {
        await bot.AnswerPreCheckoutQuery(m.PreCheckoutQueryId, m.ErrorMessage, cancellationToken: cancel);
        return new SendOutcome.Sent([]);
    }

    private async Task<SendOutcome> ActionAsync(long chatId, OutboundMessage.ChatAction m, CancellationToken cancel)
    {
        var action = Enum.TryParse<ChatAction>(m.Action.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var parsed) ? parsed : ChatAction.Typing;
        await bot.SendChatAction(chatId, action, cancellationToken: cancel);
        return new SendOutcome.Sent([]);
    }

    public static InlineKeyboardMarkup? Markup(InlineKeyboard? keyboard) =>
        keyboard is null || keyboard.Rows.Count == 0
            ? null
            : new InlineKeyboardMarkup(keyboard.Rows.Select(row => row.Select(b =>
                b.Url is { } url ? InlineKeyboardButton.WithUrl(b.Text, url) : InlineKeyboardButton.WithCallbackData(b.Text, b.CallbackData!))));

    private async Task<SendOutcome> SendMediaAsync(long chatId, MediaItem item, InlineKeyboard? keyboard, CancellationToken cancel)
    {
        var (file, owned) = await ChooseInputAsync(item, cancel);
        using var _ = owned;
        var markup = Markup(keyboard);
        var caption = item.CaptionHtml;
        Message sent = item.Type switch
        {
            OutboundMediaType.Photo => await bot.SendPhoto(chatId, file, caption, ParseMode.Html, replyMarkup: markup, cancellationToken: cancel),
            OutboundMediaType.Video => await bot.SendVideo(chatId, file, caption, ParseMode.Html, replyMarkup: markup, supportsStreaming: true, cancellationToken: cancel),
            OutboundMediaType.Audio => await bot.SendAudio(chatId, file, caption, ParseMode.Html, replyMarkup: markup, cancellationToken: cancel),
            OutboundMediaType.Voice => await bot.SendVoice(chatId, file, caption, ParseMode.Html, replyMarkup: markup, cancellationToken: cancel),
            OutboundMediaType.Animation => await bot.SendAnimation(chatId, file, caption, ParseMode.Html, replyMarkup: markup, cancellationToken: cancel),
            _ => await bot.SendDocument(chatId, file, caption, ParseMode.Html, replyMarkup: markup, cancellationToken: cancel),
        };
        return Sent(sent);
    }

    private async Task<SendOutcome> SendAlbumAsync(long chatId, IReadOnlyList<MediaItem> items, CancellationToken cancel)
    {
        var owned = new List<IDisposable>();
        try
        {
            var media = new List<IAlbumInputMedia>();
            foreach (var item in items)
            {
                var (file, stream) = await ChooseInputAsync(item, cancel);
                if (stream is not null) owned.Add(stream);
                media.Add(item.Type switch
                {
                    OutboundMediaType.Photo => new InputMediaPhoto(file) { Caption = item.CaptionHtml, ParseMode = ParseMode.Html },
                    OutboundMediaType.Video => new InputMediaVideo(file) { Caption = item.CaptionHtml, ParseMode = ParseMode.Html, SupportsStreaming = true },
                    OutboundMediaType.Audio => new InputMediaAudio(file) { Caption = item.CaptionHtml, ParseMode = ParseMode.Html },
                    _ => new InputMediaDocument(file) { Caption = item.CaptionHtml, ParseMode = ParseMode.Html },
                });
            }

            var messages = await bot.SendMediaGroup(chatId, media, cancellationToken: cancel);
            var fileIds = messages.Select(FileIdOf).OfType<string>().ToArray();
            return new SendOutcome.Sent(messages.Select(m => (long)m.Id).ToArray(), fileIds.Length > 0 ? fileIds : null);
        }
        finally
        {
            owned.ForEach(o => o.Dispose());
        }
    }

    /// <summary>By URL when Telegram may fetch a file that size; otherwise downloaded here and uploaded (up to the upload limit).</summary>
    private async Task<(InputFile File, IDisposable? Owned)> ChooseInputAsync(MediaItem item, CancellationToken cancel)
    {
        // Not a URL but a Telegram file id (a photo an admin sent, broadcast again): Telegram has the file already.
        if (!Uri.TryCreate(item.Url, UriKind.Absolute, out var address) || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
            return (InputFile.FromFileId(item.Url), null);

        var http = httpClients.CreateClient("telegram-media");
        long? size = null;
        try
        {
            using var head = new HttpRequestMessage(HttpMethod.Head, item.Url);
            using var response = await http.SendAsync(head, HttpCompletionOption.ResponseHeadersRead, cancel);
            if (response.IsSuccessStatusCode) size = response.Content.Headers.ContentLength;
        }
        catch (HttpRequestException e)
        {
            log.LogDebug("HEAD {Url} failed ({Error}); sending by URL", item.Url, e.Message);
        }

        var byUrlLimit = item.Type == OutboundMediaType.Photo ? PhotoByUrlLimit : OtherByUrlLimit;
        if (size is null || size <= byUrlLimit) return (InputFile.FromUri(item.Url), null);

        var uploadLimit = item.Type == OutboundMediaType.Photo ? PhotoUploadLimit : OtherUploadLimit;
        if (size > uploadLimit) throw new FileTooLargeException(item.Url, size.Value);
        var stream = new MemoryStream();
        using (var download = await http.GetAsync(item.Url, HttpCompletionOption.ResponseHeadersRead, cancel))
        {
            download.EnsureSuccessStatusCode();
            await download.Content.CopyToAsync(stream, cancel);
        }

        stream.Position = 0;
        var name = Path.GetFileName(new Uri(item.Url).AbsolutePath);
        return (InputFile.FromStream(stream, string.IsNullOrEmpty(name) ? "result" : name), stream);
    }

    /// <summary>A result no bot may send (over the upload limit): the caller sends a link instead.</summary>
    private sealed class FileTooLargeException(string url, long sizeBytes) : Exception($"file of {sizeBytes} bytes is over Telegram's upload limit")
    {
        public string Url { get; } = url;

        public long SizeBytes { get; } = sizeBytes;
    }
}
