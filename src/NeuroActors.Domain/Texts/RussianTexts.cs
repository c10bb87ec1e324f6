using System.Globalization;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Failures;

namespace NeuroActors.Domain.Texts;

/// <summary>Every Russian text of the bot.</summary>
public sealed class RussianTexts : UiTexts
{
    private const char Nbsp = '\u00A0';

    public override Language Language => Language.Russian;

    /// <summary>Russian plural form: 1 кредит, 2 кредита, 5 кредитов, 21 кредит, 11 кредитов.</summary>
    public static string Plural(long n, string one, string few, string many)
    {
        var abs = Math.Abs(n);
        var lastTwo = abs % 100;
        var last = abs % 10;
        if (lastTwo is >= 11 and <= 14)
        {
            return many;
        }

        return last switch
        {
            1 => one,
            >= 2 and <= 4 => few,
            _ => many,
        };
    }

    // ---- numbers and units ----
    public override string Number(long value) =>
        value.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', Nbsp);

    public override string Credits(long amount) => $"{Number(amount)} {Plural(amount, "кредит", "кредита", "кредитов")}";

    public override string CreditsShort(long amount) => $"{Number(amount)} кр.";

    public override string Variants(int count) => $"{count} {Plural(count, "вариант", "варианта", "вариантов")}";

    public override string Duration(TimeSpan duration)
    {
        var seconds = (long)Math.Max(0, duration.TotalSeconds);
        return seconds switch
        {
            < 60 => $"{seconds} с",
            < 3600 => seconds % 60 == 0 ? $"{seconds / 60} мин" : $"{seconds / 60} мин {seconds % 60} с",
            _ => (seconds % 3600) / 60 == 0 ? $"{seconds / 3600} ч" : $"{seconds / 3600} ч {(seconds % 3600) / 60} мин",
        };
    }

    public override string Ordinal(int value) => $"{value}-й";

    public override string Megabytes(long bytes) =>
        (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture).Replace('.', ',') + " МБ";

    private string CreditsBack(long amount) =>
        $"{Credits(amount)} {Plural(amount, "вернулся", "вернулись", "вернулись")} на баланс.";

    // ---- main menu and navigation ----
    public override string MainMenu(long balance) =>
        $"🎨 <b>NeuroActors</b>: картинки, видео, музыка и голос от лучших нейросетей.\nБаланс: <b>{Credits(balance)}</b>";

    public override string Welcome(long welcomeCredits) =>
        $"👋 Добро пожаловать! Дарим <b>{Credits(welcomeCredits)}</b>, чтобы всё попробовать. Выберите, что создать.";

    public override string KindName(MediaKind kind) => kind switch
    {
        MediaKind.Image => "Картинка",
        MediaKind.Video => "Видео",
        MediaKind.Music => "Музыка",
        _ => "Голос",
    };

    public override string PopularButton => "⭐ Популярное";

    public override string BalanceButton => "💰 Баланс";

    public override string HistoryButton => "📜 Мои генерации";

    public override string HelpButton => "❓ Помощь";

    public override string LanguageButton => "🌐 Язык";

    public override string BackButton => "⬅️ Назад";

    public override string MenuButton => "🏠 Меню";

    // ---- model list and card ----
    public override string ModelList(MediaKind? kind) => kind is { } k
        ? $"{KindEmoji(k)} <b>{KindName(k)}</b>: выберите модель. Цены указаны за один вариант."
        : "⭐ <b>Популярные модели</b>: выберите модель. Цены указаны за один вариант.";

    public override string NoModels(MediaKind? kind) => kind is { } k
        ? $"{KindEmoji(k)} Сейчас нет доступных моделей в разделе «{KindName(k)}». Загляните чуть позже."
        : "⭐ Популярных моделей пока нет. Выберите раздел в главном меню.";

    public override string ModelCard(string displayName, string summary, long price, bool needsImage) =>
        $"<b>{Html.Escape(displayName)}</b>\n{Html.Escape(summary)}\n\n" +
        $"Цена: <b>{Credits(price)}</b> за вариант\n" +
        $"Нужно: {(needsImage ? "фото и описание" : "описание")}";

    public override string PromptRequest(int limit) =>
        $"✍️ Опишите, что хотите получить. До {Number(limit)} {Plural(limit, "символа", "символов", "символов")}.";

    public override string TemplateSubjectRequest(string templateTitle, string example, int limit) =>
        $"Шаблон: <b>{Html.Escape(templateTitle)}</b>\n✍️ Напишите в двух словах, о чём он, например: <i>{Html.Escape(example)}</i>.";

    public override string ImageRequest =>
        "📷 Пришлите фото (JPG/PNG, до 20 МБ). Описание можно добавить подписью к фото.";

    public override string ImageReceived => "📷 Фото получено.";

    public override string PromptSavedAskImage(string prompt) =>
        $"✅ Описание сохранено: «{Html.EscapeShort(prompt, PromptPreviewChars)}»\n📷 Теперь пришлите фото (JPG/PNG, до 20 МБ).";

    public override string TemplatesHint => "Или начните с шаблона:";

    public override string WriteOwnPromptButton => "✍️ Напишу сам";

    public override string CurrentPrompt(string prompt) =>
        $"Текущее описание (нажмите, чтобы скопировать):\n<code>{Html.EscapeShort(prompt, 3000, keepLineBreaks: true)}</code>";

    public override string ModelUnavailable => "😔 Эта модель больше недоступна. Выберите, пожалуйста, другую.";

    // ---- prompt improvement ----
    public override string ImproveButton => "✨ Улучшить описание";

    public override string Improving(string prompt) =>
        $"✨ Улучшаю описание…\n\n«{Html.EscapeShort(prompt, PromptPreviewChars)}»";

    public override string ImprovedOffer(string original, string improved) =>
        $"✨ <b>Улучшенное описание</b>\n{Html.EscapeShort(improved, PromptPreviewChars)}\n\n<b>Ваше</b>\n{Html.EscapeShort(original, PromptPreviewChars)}\n\nКакое берём?";

    public override string UseImprovedButton => "✅ Берём улучшенное";

    public override string KeepMineButton => "↩️ Оставить моё";

    public override string ImprovementFailed => "😔 Сейчас не получилось улучшить описание; оставили ваше.";

    // ---- variants and confirmation ----
    public override string VariantChoice(string modelName, string prompt, bool withPhoto, long unitPrice) =>
        $"<b>{Html.Escape(modelName)}</b> · {Credits(unitPrice)} за вариант\n" +
        $"«{Html.EscapeShort(prompt, PromptPreviewChars)}»" + (withPhoto ? "\n📷 с вашим фото" : string.Empty) +
        "\n\nСколько вариантов сделать?";

    public override string EditPromptButton => "✏️ Изменить описание";

    public override string Confirmation(string modelName, string prompt, bool withPhoto, int variants, long total, long? balanceAfter) =>
        $"<b>{Html.Escape(modelName)}</b> · {Variants(variants)}\n" +
        $"«{Html.EscapeShort(prompt, PromptPreviewChars)}»" + (withPhoto ? "\n📷 с вашим фото" : string.Empty) +
        $"\nИтого: <b>{Credits(total)}</b>" + (balanceAfter is { } after ? $" · останется: {Credits(after)}" : string.Empty);

    public override string GenerateButton(long total) => $"✅ Создать · {CreditsShort(total)}";

    public override string ShortBalance(long total, long available) =>
        $"💰 Это стоит {Credits(total)}, а у вас {Number(available)}. Пополните баланс на {Number(total - available)} или больше, либо выберите меньше вариантов.";

    public override string PriceChanged(long oldUnitPrice, long newUnitPrice) =>
        $"ℹ️ Цена изменилась: было {Credits(oldUnitPrice)}, стало {Credits(newUnitPrice)} за вариант. Проверьте и подтвердите ещё раз.";

    // ---- toasts ----
    public override string OrderStartedToast => "✅ Заказ в очереди";

    public override string AlreadyStartedToast => "Уже запущено";

    public override string OutdatedToast => "Это меню устарело";

    public override string TypePromptToast => "✍️ Напишите описание сообщением в этот чат";

    public override string SendPhotoToast => "📎 Сначала пришлите фото; описание можно дать подписью";

    public override string MissingCreditsToast(long missing) => $"Не хватает {Credits(missing)}";

    public override string CancellingToast => "Отменяю…";

    public override string LanguageChangedToast => "Язык: русский";

    public override string OutdatedMenu => "⌛ Это меню устарело. Вот главное меню.";

    // ---- order status ----
    public override string StatusHeader(MediaKind kind, string modelName, int variants, string orderId) =>
        $"{KindEmoji(kind)} <b>{Html.Escape(modelName)}</b> · {Variants(variants)} · {OrderTag(orderId)}";

    public override string InQueue(int? position) =>
        position is { } p and > 0 ? $"🕒 В очереди: {Ordinal(p)}" : "🕒 В очереди";

    public override string Starting => "⏳ Запускаю…";

    public override string Generating => "⏳ Генерирую";

    public override string DoneAll(int count) => count == 1 ? "✅ Готово" : $"✅ Готово: {count} из {count}";

    public override string PartlyDone(int done, int total, long creditsBack) =>
        $"⚠️ Готово {done} из {total}. {CreditsBack(creditsBack)}";

    public override string AllFailed(long creditsBack) => $"❌ Не получилось. {CreditsBack(creditsBack)}";

    public override string AllCancelled(long creditsBack) => $"🚫 Отменено. {CreditsBack(creditsBack)}";

    public override string CancelButton => "✖️ Отменить";

    public override string OrderCancelled(string orderId, long creditsBack) =>
        $"🚫 Заказ {OrderTag(orderId)} отменён. {CreditsBack(creditsBack)}";

    public override string CancelRefused(string orderId) =>
        $"⏳ Заказ {OrderTag(orderId)} уже генерируется, отменить его нельзя. Если что-то пойдёт не так, кредиты вернутся.";

    // ---- results ----
    public override string ResultCaption(string modelName, string prompt, string requestId, int index, int count) =>
        $"{Html.Escape(modelName)}{(count > 1 ? $" · {index}/{count}" : string.Empty)} · {OrderTag(requestId)}\n" +
        $"«{Html.EscapeShort(prompt, CaptionPromptChars)}»";

    public override string ResultsReady(string orderId, int done, int total) =>
        done == total
            ? $"✅ Готово: {(total == 1 ? "результат" : $"все {total} {Plural(total, "результат", "результата", "результатов")}")} выше · {OrderTag(orderId)}"
            : $"✅ Готово {done} из {total}, результаты выше · {OrderTag(orderId)}";

    public override string ResultAsLink(string url, long sizeBytes, TimeSpan validFor) =>
        $"📦 Файл слишком большой для Telegram ({Megabytes(sizeBytes)}). <a href=\"{Html.Escape(url)}\">Скачайте его по ссылке</a>; она действует {Duration(validFor)}.";

    public override string MakeAnotherButton => "🔁 Сделать ещё";

    public override string ChangePromptButton => "✏️ Другое описание";

    public override string TryAgainButton => "🔁 Попробовать снова";

    // ---- failures ----
    public override string Failure(string failureTextKey, FailureNoticeArgs args)
    {
        var back = CreditsBack(args.CreditsBack);
        var tag = OrderTag(args.RequestId);
        return failureTextKey switch
        {
            FailureTextKeys.ContentPolicy =>
                $"⚠️ Модель отказалась выполнять это описание: возможно, в нём реальные люди или недопустимый контент. Измените описание и попробуйте снова. {back} ({tag})",
            FailureTextKeys.InvalidInput =>
                $"⚠️ Модель не смогла принять такой запрос. Попробуйте описание попроще или другие настройки. {back} ({tag})",
            FailureTextKeys.BadImage =>
                $"⚠️ Модель не смогла использовать это фото. Пришлите чёткое фото JPG или PNG без лиц людей, логотипов и надписей и попробуйте снова. {back} ({tag})",
            FailureTextKeys.PromptTooLong =>
                $"⚠️ Описание слишком длинное для этой модели{(args.PromptLimit is { } limit ? $" (до {Number(limit)} {Plural(limit, "символа", "символов", "символов")})" : string.Empty)}. Сократите его и попробуйте снова. {back} ({tag})",
            FailureTextKeys.RateLimited =>
                $"😔 Модель сейчас перегружена запросами. {back} Попробуйте через несколько минут. ({tag})",
            FailureTextKeys.Temporary =>
                $"😔 Модель сейчас перегружена. Мы попробовали {args.Attempts} {Plural(args.Attempts, "раз", "раза", "раз")}. {back} Попробуйте через несколько минут. ({tag})",
            FailureTextKeys.TimedOut =>
                $"⌛ Модель работала слишком долго, и мы перестали ждать. {back} Попробуйте чуть позже. ({tag})",
            FailureTextKeys.Billing or FailureTextKeys.Unknown or _ =>
                $"😔 Что-то пошло не так на нашей стороне, вы ни при чём. {back} Мы уже знаем о проблеме ({tag}).",
        };
    }

    // ---- info screens ----
    public override string Help(long welcomeCredits) =>
        "❓ <b>Как это работает</b>\n" +
        "1. Выберите раздел (картинка, видео, музыка, голос) и модель; у каждой указана цена.\n" +
        "2. Напишите описание или начните с шаблона. Некоторым моделям нужно ещё и фото.\n" +
        "3. Выберите 1, 3 или 5 вариантов и подтвердите. Кредиты резервируются, а списываются только за готовое: " +
        "если генерация не удалась, кредиты возвращаются.\n" +
        "4. У каждого заказа есть номер вида <code>#G7K2QXMNPA</code>: назовите его поддержке или проверьте через /status.\n\n" +
        $"Новым пользователям дарим {Credits(welcomeCredits)}.\n\n" +
        "/menu · главное меню\n/balance · мои кредиты\n/buy · пополнить за Stars\n/history · мои генерации\n/status #номер · где мой заказ\n/language · сменить язык\n/help · эта справка";

    public override string Balance(long available, long reserved) =>
        $"💰 Баланс: <b>{Credits(available)}</b>" +
        (reserved > 0 ? $"\n⏳ Ещё {Credits(reserved)} зарезервировано под заказы в работе." : string.Empty) +
        "\n\nПополнить можно за Telegram Stars: ⭐ ниже или /buy.";

    public override string HistoryHeader(int page, int pages) =>
        pages > 1 ? $"📜 <b>Мои генерации</b> ({page + 1}/{pages})" : "📜 <b>Мои генерации</b>";

    public override string HistoryEmpty => "📜 Генераций пока нет. Создайте первую из главного меню!";

    public override string HistoryStateLabel(HistoryState state) => state switch
    {
        HistoryState.Queued => "🕒 в очереди",
        HistoryState.Running => "⏳ в работе",
        HistoryState.Done => "✅ готово",
        HistoryState.PartlyDone => "⚠️ готово частично",
        HistoryState.Failed => "❌ не удалось, кредиты вернули",
        _ => "🚫 отменено, кредиты вернули",
    };

    public override string StatusUsage => "Отправьте /status с номером заказа, например: <code>/status #G7K2QXMNPA</code>.";

    public override string StatusNotFound(string orderId) => $"🔍 Среди ваших заказов нет {OrderTag(orderId)}.";

    public override string LanguageMenu => "🌐 Выберите язык:";

    // ---- bad input ----
    public override string PromptTooLong(int length, int limit) =>
        $"✂️ В описании {Number(length)} {Plural(length, "символ", "символа", "символов")}, а эта модель принимает до {Number(limit)}. Сократите его на {Number(length - limit)} и пришлите снова.";

    public override string PromptEmpty => "✍️ Описание пустое. Опишите словами, что хотите получить.";

    public override string WrongMediaForPhoto(OtherMedia media) => media switch
    {
        OtherMedia.Document => "📎 Этот файл модель использовать не может. Пришлите фото (JPG/PNG, до 20 МБ).",
        OtherMedia.Sticker => "🙂 Стикер здесь не подойдёт. Пришлите фото (JPG/PNG, до 20 МБ).",
        OtherMedia.Voice => "🎙 Голосовое сообщение здесь не подойдёт. Пришлите фото (JPG/PNG, до 20 МБ).",
        OtherMedia.Video or OtherMedia.VideoNote or OtherMedia.Animation => "🎬 Этой модели нужно фото, а не видео. Пришлите фото (JPG/PNG, до 20 МБ).",
        _ => "📷 Этой модели нужно фото. Пришлите его (JPG/PNG, до 20 МБ).",
    };

    public override string UnsupportedImageFile => "📎 Такой формат картинки не подходит. Пришлите JPG, PNG или WebP до 20 МБ.";

    public override string PhotoTooLarge(long sizeBytes, long limitBytes) =>
        $"🐘 Файл весит {Megabytes(sizeBytes)}, а можно не больше {Megabytes(limitBytes)}. Пришлите фото поменьше.";

    public override string PhotoNotNeeded => "📷 Этой модели фото не нужно. Опишите словами, что хотите получить.";

    public override string WrongMediaForPrompt(OtherMedia media) => media switch
    {
        OtherMedia.Voice or OtherMedia.VideoNote => "🎙 Голосовые пока не понимаю. Напишите описание текстом.",
        OtherMedia.Sticker => "🙂 Стикер не может быть описанием. Напишите описание текстом.",
        _ => "✍️ Напишите описание текстовым сообщением.",
    };

    public override string MediaNotExpected => "🤔 Здесь это не пригодится.";

    public override string UseTheButtons => "👇 Пожалуйста, воспользуйтесь кнопками ниже.";

    public override string UnknownCommand => "🤔 Такой команды не знаю. Что я умею, смотрите в /help.";

    public override string GroupChat => "👋 Я работаю только в личных сообщениях. Напишите мне в личку, чтобы создавать картинки, видео, музыку и голос.";

    // ---- admin ----
    public override string AdminAlert(FailureClass failureClass, string requestId, long userId, string modelId, string? detail) =>
        $"🚨 <b>{failureClass switch
        {
            FailureClass.Billing => "Сбой оплаты KIE",
            FailureClass.Unknown => "Неизвестный сбой",
            FailureClass.RateLimit => "Затяжной лимит запросов",
            FailureClass.Temporary => "Временный сбой, попытки исчерпаны",
            _ => "Модель отклонила запрос",
        }}</b>\n" +
        $"Заказ {OrderTag(requestId)} · пользователь <code>{userId.ToString(CultureInfo.InvariantCulture)}</code> · модель <code>{Html.Escape(modelId)}</code>\n" +
        (string.IsNullOrWhiteSpace(detail) ? string.Empty : $"Ответ KIE: {Html.EscapeShort(detail, 300)}\n") +
        "Кредиты пользователя возвращены.";

    // ---- commands ----
    public override IReadOnlyList<(string Command, string Description)> BotCommands { get; } =
    [
        ("menu", "Главное меню"),
        ("models", "Найти модель (/models flux)"),
        ("balance", "Мои кредиты"),
        ("buy", "Пополнить звёздами"),
        ("subscription", "Месячная подписка"),
        ("history", "Мои генерации"),
        ("promo", "Ввести промокод (/promo КОД)"),
        ("invite", "Пригласить друзей и получить кредиты"),
        ("language", "Сменить язык"),
        ("help", "Как это работает"),
        ("paysupport", "Помощь с оплатой"),
        ("terms", "Условия"),
    ];
}
