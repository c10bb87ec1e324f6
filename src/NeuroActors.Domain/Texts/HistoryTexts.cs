using System.Globalization;

namespace NeuroActors.Domain.Texts;

/// <summary>What a user reads when opening one order of /history, repeating it, or getting its results again.</summary>
public static class HistoryTexts
{
    private static bool Ru(Language language) => language == Language.Russian;

    public static string EntryTitle(Language language, string orderTag) => Ru(language) ? $"📄 <b>Заказ {orderTag}</b>" : $"📄 <b>Order {orderTag}</b>";

    public static string Model(Language language) => Ru(language) ? "Модель" : "Model";

    public static string Prompt(Language language) => Ru(language) ? "Описание" : "Prompt";

    public static string NoPrompt(Language language) => Ru(language) ? "без описания" : "no prompt";

    public static string Options(Language language) => Ru(language) ? "Параметры" : "Options";

    public static string Files(Language language) => Ru(language) ? "Файлы" : "Files";

    public static string State(Language language) => Ru(language) ? "Состояние" : "State";

    public static string Price(Language language) => Ru(language) ? "Цена" : "Price";

    /// <summary>The price of an order the free daily quota paid for in full.</summary>
    public static string FreeOrder(Language language, int variants) => Ru(language)
        ? (variants > 1 ? "🆓 бесплатно (все варианты из дневной квоты)" : "🆓 бесплатно (дневная квота)")
        : (variants > 1 ? "🆓 free (every variant from the daily quota)" : "🆓 free (daily quota)");

    /// <summary>"1 free", after the variants of an order the daily quota paid in part.</summary>
    public static string FreeVariants(Language language, int free) => Ru(language)
        ? $"{free.ToString(CultureInfo.InvariantCulture)} бесплатно"
        : $"{free.ToString(CultureInfo.InvariantCulture)} free";

    public static string Date(Language language) => Ru(language) ? "Дата" : "Date";

    public static string RequestId(Language language) => Ru(language) ? "Номер" : "Request id";

    public static string PhotoCount(Language language, int count) => Ru(language) ? $"📷 фото: {count}" : $"📷 photos: {count}";

    public static string AudioFile(Language language) => Ru(language) ? "🎙 аудио" : "🎙 audio";

    public static string VideoFile(Language language) => Ru(language) ? "🎬 видео" : "🎬 video";

    public static string RepeatButton(Language language) => Ru(language) ? "🔁 Повторить" : "🔁 Repeat";

    public static string ResendButton(Language language) => Ru(language) ? "📤 Прислать результат ещё раз" : "📤 Send the results again";

    public static string BackToHistoryButton(Language language) => Ru(language) ? "⬅️ К списку" : "⬅️ Back to the list";

    public static string OpenHint(Language language) => Ru(language) ? "Нажмите номер, чтобы открыть заказ." : "Tap a number to open an order.";

    public static string NotFound(Language language, string orderTag) => Ru(language)
        ? $"🔍 Заказа {orderTag} больше нет в истории."
        : $"🔍 Order {orderTag} is no longer in your history.";

    /// <summary>The repeat of an order whose model the catalogue no longer offers.</summary>
    public static string ModelGone(Language language, string modelName) => Ru(language)
        ? $"😔 Модель «{Html.Escape(modelName)}» сейчас недоступна, поэтому этот заказ нельзя повторить. Ничего не списано. Выберите другую модель в меню."
        : $"😔 The model “{Html.Escape(modelName)}” is not available any more, so this order cannot be repeated. Nothing was charged. Please pick another model in the menu.";

    public static string ModelGoneToast(Language language) => Ru(language) ? "Модель недоступна" : "Model not available";

    /// <summary>A repeat whose price changed since the order: the confirmation says so.</summary>
    public static string RepeatPrice(Language language, UiTexts t, long before, long now) => before == now
        ? (Ru(language) ? $"🔁 Повтор заказа. Цена та же: {t.Credits(now)} за вариант." : $"🔁 Repeating the order. Same price: {t.Credits(now)} per variant.")
        : (Ru(language) ? $"🔁 Повтор заказа по сегодняшней цене: {t.Credits(now)} за вариант (было {t.Credits(before)})." : $"🔁 Repeating the order at today's price: {t.Credits(now)} per variant (it was {t.Credits(before)}).");

    public static string NothingToResend(Language language) => Ru(language)
        ? "Результатов этого заказа в чате нет: нечего присылать заново."
        : "This order has no results in the chat to send again.";

    public static string ResendingToast(Language language) => Ru(language) ? "Отправляю…" : "Sending…";
}
