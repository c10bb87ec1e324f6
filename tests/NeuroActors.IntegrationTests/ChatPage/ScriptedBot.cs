using System.Collections.Concurrent;
using NeuroActors.IntegrationTests.Sandbox.TelegramBotApi;
using NeuroActors.Sandbox.Kie;
using Telegram.Bot;
using Telegram.Bot.Polling;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace NeuroActors.IntegrationTests.ChatPage;

/// <summary>
/// A small bot for the page tests that talks the real Bot API over HTTP (Telegram.Bot, getUpdates):
/// /start answers HTML with an inline keyboard; "gen" is answered and edits that message; "media" sends a chat action,
/// then (once <see cref="ReleaseMedia"/> is called) a photo, an album of 3, an audio, a video and a document;
/// a photo, document or voice from the user is acknowledged; any other text is echoed with the user's language.
/// </summary>
internal sealed class ScriptedBot : IAsyncDisposable
{
    public const string WelcomeHtml = "<b>Welcome</b>, <i>friend</i>! Try <code>/help</code> or read the <a href=\"https://example.org/docs\">docs</a>.";

    public static readonly byte[] Picture = TestMedia.Png(320, 200);

    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _mediaGate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ScriptedBot(TelegramBotClient bot)
    {
        Bot = bot;
    }

    public TelegramBotClient Bot { get; }

    /// <summary>Messages from users, as the bot received them.</summary>
    public ConcurrentQueue<Message> Received { get; } = new();

    public ConcurrentQueue<Exception> Errors { get; } = new();

    public static async Task<ScriptedBot> StartAsync(ChatPageHost host)
    {
        var scripted = new ScriptedBot(host.CreateBot());
        await scripted.Bot.SetMyCommands([new BotCommand("start", "Start over"), new BotCommand("help", "What I can do"), new BotCommand("media", "Show media")]);
        await scripted.Bot.SetMyCommands([new BotCommand("start", "Начать"), new BotCommand("help", "Что я умею")], languageCode: "ru");
        scripted.Bot.StartReceiving(
            scripted.HandleAsync,
            (_, exception, _, _) =>
            {
                if (!scripted._stop.IsCancellationRequested)
                {
                    scripted.Errors.Enqueue(exception);
                }

                return Task.CompletedTask;
            },
            new ReceiverOptions { AllowedUpdates = [] },
            scripted._stop.Token);
        return scripted;
    }

    /// <summary>Lets the bot go on from the chat action to the media it announced.</summary>
    public void ReleaseMedia() => _mediaGate.TrySetResult();

    private static InlineKeyboardMarkup MainKeyboard() => new(
    [
        [InlineKeyboardButton.WithCallbackData("🎨 Generate", "gen"), InlineKeyboardButton.WithCallbackData("📷 Media", "media")],
        [InlineKeyboardButton.WithUrl("🌐 Site", "https://example.org")],
    ]);

    private async Task HandleAsync(ITelegramBotClient bot, Update update, CancellationToken cancellationToken)
    {
        if (update.CallbackQuery is { Message: { } origin } query)
        {
            await HandleButtonAsync(bot, query, origin, cancellationToken);
            return;
        }

        if (update.Message is not { From: { } from } message)
        {
            return;
        }

        Received.Enqueue(message);
        var chatId = message.Chat.Id;
        if (message.Photo is { Length: > 0 } photo)
        {
            await bot.SendMessage(chatId, $"Got your photo {photo[^1].Width}×{photo[^1].Height}, caption: {message.Caption ?? "none"}", cancellationToken: cancellationToken);
        }
        else if (message.Voice is { } voice)
        {
            await bot.SendMessage(chatId, $"Got your voice note ({voice.Duration} s)", cancellationToken: cancellationToken);
        }
        else if (message.Document is { } document)
        {
            await bot.SendMessage(chatId, $"Got your file {document.FileName}", cancellationToken: cancellationToken);
        }
        else if (message.Text == "/start")
        {
            await bot.SendMessage(chatId, WelcomeHtml, parseMode: ParseMode.Html, replyMarkup: MainKeyboard(), cancellationToken: cancellationToken);
        }
        else if (message.Text == "/help")
        {
            await bot.SendMessage(chatId, "I can *generate* things", parseMode: ParseMode.MarkdownV2, cancellationToken: cancellationToken);
        }
        else if (message.Text is { } text)
        {
            await bot.SendMessage(chatId, $"{from.FirstName} ({from.LanguageCode}) said: {text}", cancellationToken: cancellationToken);
        }
    }

    private async Task HandleButtonAsync(ITelegramBotClient bot, CallbackQuery query, Message origin, CancellationToken cancellationToken)
    {
        var chatId = origin.Chat.Id;
        switch (query.Data)
        {
            case "gen":
                await bot.AnswerCallbackQuery(query.Id, "Added to queue", cancellationToken: cancellationToken);
                await bot.EditMessageText(
                    chatId,
                    origin.Id,
                    "<b>Generating</b> #G7K2QX\n▰▰▰▰▱▱▱▱▱▱ 40%",
                    parseMode: ParseMode.Html,
                    replyMarkup: new InlineKeyboardMarkup([[InlineKeyboardButton.WithCallbackData("⬅️ Back", "back")]]),
                    cancellationToken: cancellationToken);
                break;
            case "media":
                await bot.AnswerCallbackQuery(query.Id, cancellationToken: cancellationToken);
                await bot.SendChatAction(chatId, ChatAction.UploadPhoto, cancellationToken: cancellationToken);
                await _mediaGate.Task.WaitAsync(cancellationToken);
                await SendMediaAsync(bot, chatId, cancellationToken);
                break;
            default:
                await bot.AnswerCallbackQuery(query.Id, cancellationToken: cancellationToken);
                break;
        }
    }

    private static async Task SendMediaAsync(ITelegramBotClient bot, long chatId, CancellationToken cancellationToken)
    {
        static InputFile File(byte[] bytes, string name) => InputFile.FromStream(new MemoryStream(bytes), name);
        await bot.SendPhoto(chatId, File(Picture, "picture.png"), caption: "<b>One</b> photo", parseMode: ParseMode.Html, cancellationToken: cancellationToken);
        await bot.SendMediaGroup(
            chatId,
            new IAlbumInputMedia[]
            {
                new InputMediaPhoto(File(Picture, "v1.png")) { Caption = "3 variants" },
                new InputMediaPhoto(File(Picture, "v2.png")),
                new InputMediaPhoto(File(Picture, "v3.png")),
            },
            cancellationToken: cancellationToken);
        await bot.SendAudio(chatId, File(SampleMedia("sample.mp3"), "song.mp3"), title: "Song", cancellationToken: cancellationToken);
        await bot.SendVideo(chatId, File(SampleMedia("sample.mp4"), "clip.mp4"), duration: 2, cancellationToken: cancellationToken);
        await bot.SendDocument(chatId, File(TestMedia.Bytes("%PDF-1.4"), "report.pdf"), caption: "The report", cancellationToken: cancellationToken);
    }

    /// <summary>The real media the simulated KIE serves, so the browser has something it can play.</summary>
    private static byte[] SampleMedia(string name)
    {
        using var stream = typeof(KieSimulatorClient).Assembly.GetManifestResourceStream("NeuroActors.Sandbox.Kie.Media." + name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _stop.Dispose();
    }
}
