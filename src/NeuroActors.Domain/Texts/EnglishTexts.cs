using System.Globalization;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Failures;

namespace NeuroActors.Domain.Texts;

/// <summary>Every English text of the bot.</summary>
public sealed class EnglishTexts : UiTexts
{
    public override Language Language => Language.English;

    // ---- numbers and units ----
    public override string Number(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public override string Credits(long amount) => amount == 1 ? "1 credit" : $"{Number(amount)} credits";

    public override string CreditsShort(long amount) => $"{Number(amount)} cr";

    public override string Variants(int count) => count == 1 ? "1 variant" : $"{count} variants";

    public override string Duration(TimeSpan duration)
    {
        var seconds = (long)Math.Max(0, duration.TotalSeconds);
        return seconds switch
        {
            < 60 => $"{seconds} s",
            < 3600 => seconds % 60 == 0 ? $"{seconds / 60} min" : $"{seconds / 60} min {seconds % 60} s",
            _ => (seconds % 3600) / 60 == 0 ? $"{seconds / 3600} h" : $"{seconds / 3600} h {(seconds % 3600) / 60} min",
        };
    }

    public override string Ordinal(int value)
    {
        var suffix = (value % 100) is 11 or 12 or 13 ? "th" : (value % 10) switch
        {
            1 => "st",
            2 => "nd",
            3 => "rd",
            _ => "th",
        };
        return $"{value}{suffix}";
    }

    public override string Megabytes(long bytes) =>
        (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture) + " MB";

    private string CreditsBack(long amount) =>
        amount == 1 ? "Your 1 credit is back on your balance." : $"Your {Credits(amount)} are back on your balance.";

    // ---- main menu and navigation ----
    public override string MainMenu(long balance) =>
        $"🎨 <b>NeuroActors</b>: images, video, music and voice from the best AI models.\nBalance: <b>{Credits(balance)}</b>";

    public override string Welcome(long welcomeCredits) =>
        $"👋 Welcome! Here are <b>{Credits(welcomeCredits)}</b> to try things out. Pick what to make below.";

    public override string KindName(MediaKind kind) => kind switch
    {
        MediaKind.Image => "Image",
        MediaKind.Video => "Video",
        MediaKind.Music => "Music",
        _ => "Voice",
    };

    public override string PopularButton => "⭐ Popular";

    public override string BalanceButton => "💰 Balance";

    public override string HistoryButton => "📜 My generations";

    public override string HelpButton => "❓ Help";

    public override string LanguageButton => "🌐 Language";

    public override string BackButton => "⬅️ Back";

    public override string MenuButton => "🏠 Menu";

    // ---- model list and card ----
    public override string ModelList(MediaKind? kind) => kind is { } k
        ? $"{KindEmoji(k)} <b>{KindName(k)}</b>: pick a model. Prices are per variant."
        : "⭐ <b>Popular models</b>: pick one. Prices are per variant.";

    public override string NoModels(MediaKind? kind) => kind is { } k
        ? $"{KindEmoji(k)} No {KindName(k).ToLowerInvariant()} models are available right now. Please look again later."
        : "⭐ No popular models yet. Pick a kind in the main menu.";

    public override string ModelCard(string displayName, string summary, long price, bool needsImage) =>
        $"<b>{Html.Escape(displayName)}</b>\n{Html.Escape(summary)}\n\n" +
        $"Price: <b>{Credits(price)}</b> per variant\n" +
        $"Needs: {(needsImage ? "a photo and a prompt" : "a prompt")}";

    public override string PromptRequest(int limit) =>
        $"✍️ Describe what you want to see. Up to {Number(limit)} characters.";

    public override string TemplateSubjectRequest(string templateTitle, string example, int limit) =>
        $"Template: <b>{Html.Escape(templateTitle)}</b>\n✍️ Write in a few words what it should be about, e.g. <i>{Html.Escape(example)}</i>.";

    public override string ImageRequest =>
        "📷 Send a photo (JPG/PNG, up to 20 MB), with the prompt as its caption if you like.";

    public override string ImageReceived => "📷 Photo received.";

    public override string PromptSavedAskImage(string prompt) =>
        $"✅ Prompt saved: “{Html.EscapeShort(prompt, PromptPreviewChars)}”\n📷 Now send a photo (JPG/PNG, up to 20 MB).";

    public override string TemplatesHint => "Or start from a template:";

    public override string WriteOwnPromptButton => "✍️ Write my own prompt";

    public override string CurrentPrompt(string prompt) =>
        $"Your current prompt (tap to copy):\n<code>{Html.EscapeShort(prompt, 3000, keepLineBreaks: true)}</code>";

    public override string ModelUnavailable =>
        "😔 This model is not available any more. Please pick another one.";

    // ---- prompt improvement ----
    public override string ImproveButton => "✨ Improve prompt";

    public override string Improving(string prompt) =>
        $"✨ Improving your prompt…\n\n“{Html.EscapeShort(prompt, PromptPreviewChars)}”";

    public override string ImprovedOffer(string original, string improved) =>
        $"✨ <b>Improved prompt</b>\n{Html.EscapeShort(improved, PromptPreviewChars)}\n\n<b>Yours</b>\n{Html.EscapeShort(original, PromptPreviewChars)}\n\nWhich one shall we use?";

    public override string UseImprovedButton => "✅ Use improved";

    public override string KeepMineButton => "↩️ Keep mine";

    public override string ImprovementFailed =>
        "😔 Could not improve the prompt right now; yours is kept.";

    // ---- variants and confirmation ----
    public override string VariantChoice(string modelName, string prompt, bool withPhoto, long unitPrice) =>
        $"<b>{Html.Escape(modelName)}</b> · {Credits(unitPrice)} per variant\n" +
        $"“{Html.EscapeShort(prompt, PromptPreviewChars)}”" + (withPhoto ? "\n📷 with your photo" : string.Empty) +
        "\n\nHow many variants?";

    public override string EditPromptButton => "✏️ Edit prompt";

    public override string Confirmation(string modelName, string prompt, bool withPhoto, int variants, long total, long? balanceAfter) =>
        $"<b>{Html.Escape(modelName)}</b> · {Variants(variants)}\n" +
        $"“{Html.EscapeShort(prompt, PromptPreviewChars)}”" + (withPhoto ? "\n📷 with your photo" : string.Empty) +
        $"\nTotal: <b>{Credits(total)}</b>" + (balanceAfter is { } after ? $" · balance after: {Credits(after)}" : string.Empty);

    public override string GenerateButton(long total) => $"✅ Generate · {CreditsShort(total)}";

    public override string ShortBalance(long total, long available) =>
        $"💰 This costs {Credits(total)}; you have {Number(available)}. Top up {Number(total - available)} or more to continue, or choose fewer variants.";

    public override string PriceChanged(long oldUnitPrice, long newUnitPrice) =>
        $"ℹ️ The price has changed from {Credits(oldUnitPrice)} to {Credits(newUnitPrice)} per variant. Please check and confirm again.";

    // ---- toasts ----
    public override string OrderStartedToast => "✅ Added to the queue";

    public override string AlreadyStartedToast => "Already started";

    public override string OutdatedToast => "This menu is outdated";

    public override string TypePromptToast => "✍️ Type your prompt as a message in this chat";

    public override string SendPhotoToast => "📎 Send a photo first; the prompt can be its caption";

    public override string MissingCreditsToast(long missing) => $"Not enough credits: {Number(missing)} missing";

    public override string CancellingToast => "Cancelling…";

    public override string LanguageChangedToast => "Language: English";

    public override string OutdatedMenu => "⌛ This menu is outdated. Here is the main menu.";

    // ---- order status ----
    public override string StatusHeader(MediaKind kind, string modelName, int variants, string orderId) =>
        $"{KindEmoji(kind)} <b>{Html.Escape(modelName)}</b> · {Variants(variants)} · {OrderTag(orderId)}";

    public override string InQueue(int? position) =>
        position is { } p and > 0 ? $"🕒 In queue: {Ordinal(p)}" : "🕒 In queue";

    public override string Starting => "⏳ Starting…";

    public override string Generating => "⏳ Generating";

    public override string DoneAll(int count) => count == 1 ? "✅ Done" : $"✅ Done: {count} of {count}";

    public override string PartlyDone(int done, int total, long creditsBack) =>
        $"⚠️ {done} of {total} done. {CreditsBack(creditsBack)}";

    public override string AllFailed(long creditsBack) => $"❌ Failed. {CreditsBack(creditsBack)}";

    public override string AllCancelled(long creditsBack) => $"🚫 Cancelled. {CreditsBack(creditsBack)}";

    public override string CancelButton => "✖️ Cancel";

    public override string OrderCancelled(string orderId, long creditsBack) =>
        $"🚫 Order {OrderTag(orderId)} is cancelled. {CreditsBack(creditsBack)}";

    public override string CancelRefused(string orderId) =>
        $"⏳ Order {OrderTag(orderId)} is already being generated and can no longer be cancelled. If it fails, the credits come back.";

    // ---- results ----
    public override string ResultCaption(string modelName, string prompt, string requestId, int index, int count) =>
        $"{Html.Escape(modelName)}{(count > 1 ? $" · {index}/{count}" : string.Empty)} · {OrderTag(requestId)}\n" +
        $"“{Html.EscapeShort(prompt, CaptionPromptChars)}”";

    public override string ResultsReady(string orderId, int done, int total) =>
        done == total
            ? $"✅ Ready: {(total == 1 ? "your result is" : $"all {total} results are")} above · {OrderTag(orderId)}"
            : $"✅ Ready: {done} of {total} above · {OrderTag(orderId)}";

    public override string ResultAsLink(string url, long sizeBytes, TimeSpan validFor) =>
        $"📦 The file is too large for Telegram ({Megabytes(sizeBytes)}). <a href=\"{Html.Escape(url)}\">Download it here</a>; the link works for {Duration(validFor)}.";

    public override string MakeAnotherButton => "🔁 Make another";

    public override string ChangePromptButton => "✏️ Change prompt";

    public override string TryAgainButton => "🔁 Try again";

    // ---- failures ----
    public override string Failure(string failureTextKey, FailureNoticeArgs args)
    {
        var back = CreditsBack(args.CreditsBack);
        var tag = OrderTag(args.RequestId);
        return failureTextKey switch
        {
            FailureTextKeys.ContentPolicy =>
                $"⚠️ The model refused this prompt: it may show real people or unsafe content. Change the prompt and try again. {back} ({tag})",
            FailureTextKeys.InvalidInput =>
                $"⚠️ The model could not use this request. Try a simpler prompt or different settings. {back} ({tag})",
            FailureTextKeys.BadImage =>
                $"⚠️ The model could not use this photo. Send a clear JPG or PNG without people's faces, logos or text, and try again. {back} ({tag})",
            FailureTextKeys.PromptTooLong =>
                $"⚠️ The prompt is too long for this model{(args.PromptLimit is { } limit ? $" (up to {Number(limit)} characters)" : string.Empty)}. Shorten it and try again. {back} ({tag})",
            FailureTextKeys.RateLimited =>
                $"😔 The model is too busy right now. {back} Please try again in a few minutes. ({tag})",
            FailureTextKeys.Temporary =>
                $"😔 The model is overloaded right now. We tried {(args.Attempts == 1 ? "once" : $"{args.Attempts} times")}. {CreditsBack(args.CreditsBack)} Try again in a few minutes. ({tag})",
            FailureTextKeys.TimedOut =>
                $"⌛ The model took far too long, so we stopped waiting. {back} Try again a bit later. ({tag})",
            FailureTextKeys.Billing or FailureTextKeys.Unknown or _ =>
                $"😔 Something went wrong on our side, not your fault. {back} We have been told ({tag}).",
        };
    }

    // ---- info screens ----
    public override string Help(long welcomeCredits) =>
        "❓ <b>How it works</b>\n" +
        "1. Pick a kind (image, video, music, voice) and a model; each shows its price.\n" +
        "2. Write a prompt or start from a template. Some models also need a photo.\n" +
        "3. Choose 1, 3 or 5 variants and confirm. Credits are set aside, and you pay only for what is delivered: " +
        "if a generation fails, its credits come back.\n" +
        "4. Every order has a number like <code>#G7K2QXMNPA</code>; quote it to support, or check it with /status.\n\n" +
        $"New users get {Credits(welcomeCredits)} to start.\n\n" +
        "/menu · main menu\n/balance · your credits\n/buy · top up with Stars\n/history · your generations\n/status #ID · where an order is\n/language · change language\n/help · this help";

    public override string Balance(long available, long reserved) =>
        $"💰 Balance: <b>{Credits(available)}</b>" +
        (reserved > 0 ? $"\n⏳ Another {Credits(reserved)} are set aside for orders in progress." : string.Empty) +
        "\n\nTop up with Telegram Stars: ⭐ below or /buy.";

    public override string HistoryHeader(int page, int pages) =>
        pages > 1 ? $"📜 <b>My generations</b> ({page + 1}/{pages})" : "📜 <b>My generations</b>";

    public override string HistoryEmpty => "📜 No generations yet. Make your first one from the main menu!";

    public override string HistoryStateLabel(HistoryState state) => state switch
    {
        HistoryState.Queued => "🕒 queued",
        HistoryState.Running => "⏳ in progress",
        HistoryState.Done => "✅ done",
        HistoryState.PartlyDone => "⚠️ partly done",
        HistoryState.Failed => "❌ failed, refunded",
        _ => "🚫 cancelled, refunded",
    };

    public override string StatusUsage => "Send /status with an order number, e.g. <code>/status #G7K2QXMNPA</code>.";

    public override string StatusNotFound(string orderId) => $"🔍 No order {OrderTag(orderId)} found among yours.";

    public override string LanguageMenu => "🌐 Choose your language:";

    // ---- bad input ----
    public override string PromptTooLong(int length, int limit) =>
        $"✂️ Your prompt is {Number(length)} characters; this model takes up to {Number(limit)}. Please shorten it by {Number(length - limit)} and send it again.";

    public override string PromptEmpty => "✍️ The prompt is empty. Describe in words what you want to get.";

    public override string WrongMediaForPhoto(OtherMedia media) => media switch
    {
        OtherMedia.Document => "📎 That is a file this model cannot use. Please send a photo (JPG/PNG, up to 20 MB).",
        OtherMedia.Sticker => "🙂 Stickers cannot be used here. Please send a photo (JPG/PNG, up to 20 MB).",
        OtherMedia.Voice => "🎙 A voice message cannot be used here. Please send a photo (JPG/PNG, up to 20 MB).",
        OtherMedia.Video or OtherMedia.VideoNote or OtherMedia.Animation => "🎬 This model needs a still photo, not a video. Please send a photo (JPG/PNG, up to 20 MB).",
        _ => "📷 This model needs a photo. Please send one (JPG/PNG, up to 20 MB).",
    };

    public override string UnsupportedImageFile => "📎 This image format is not supported. Please send a JPG, PNG or WebP, up to 20 MB.";

    public override string PhotoTooLarge(long sizeBytes, long limitBytes) =>
        $"🐘 This file is {Megabytes(sizeBytes)}; the limit is {Megabytes(limitBytes)}. Please send a smaller photo.";

    public override string PhotoNotNeeded => "📷 This model works from text only. Please describe in words what you want.";

    public override string WrongMediaForPrompt(OtherMedia media) => media switch
    {
        OtherMedia.Voice or OtherMedia.VideoNote => "🎙 Voice messages are not understood yet. Please type the prompt as text.",
        OtherMedia.Sticker => "🙂 A sticker cannot be a prompt. Please type the prompt as text.",
        _ => "✍️ Please type the prompt as a text message.",
    };

    public override string MediaNotExpected => "🤔 I cannot use this here.";

    public override string UseTheButtons => "👇 Please use the buttons below.";

    public override string UnknownCommand => "🤔 I do not know this command; /help lists what I can do.";

    public override string GroupChat => "👋 I work in private chats only. Open a chat with me to make images, video, music and voice.";

    // ---- admin ----
    public override string AdminAlert(FailureClass failureClass, string requestId, long userId, string modelId, string? detail) =>
        $"🚨 <b>{failureClass switch
        {
            FailureClass.Billing => "Billing failure",
            FailureClass.Unknown => "Unknown failure",
            FailureClass.RateLimit => "Persistent rate limit",
            FailureClass.Temporary => "Temporary failure, retries used up",
            _ => "Rejected by the model",
        }}</b>\n" +
        $"Request {OrderTag(requestId)} · user <code>{userId.ToString(CultureInfo.InvariantCulture)}</code> · model <code>{Html.Escape(modelId)}</code>\n" +
        (string.IsNullOrWhiteSpace(detail) ? string.Empty : $"KIE said: {Html.EscapeShort(detail, 300)}\n") +
        "The user's credits were released.";

    // ---- commands ----
    public override IReadOnlyList<(string Command, string Description)> BotCommands { get; } =
    [
        ("menu", "Main menu"),
        ("models", "Find a model (/models flux)"),
        ("balance", "My credits"),
        ("buy", "Top up with Stars"),
        ("subscription", "Monthly plan"),
        ("history", "My generations"),
        ("promo", "Redeem a promo code (/promo CODE)"),
        ("invite", "Invite friends, earn credits"),
        ("language", "Change language"),
        ("help", "How it works"),
        ("paysupport", "Help with payments"),
        ("terms", "Terms"),
    ];
}
