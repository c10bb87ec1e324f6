namespace NeuroActors.Domain.Texts;

/// <summary>What a user reads when searching models by a word (in the menu, or with /models).</summary>
public static class SearchTexts
{
    private static bool Ru(Language language) => language == Language.Russian;

    public static string Found(Language language, string query, int count) => Ru(language)
        ? $"🔎 Модели по запросу «{Html.EscapeShort(query, 60)}» ({count}). Цены за вариант:"
        : $"🔎 Models for “{Html.EscapeShort(query, 60)}” ({count}). Prices are per variant:";

    public static string NothingFound(Language language, string query) => Ru(language)
        ? $"🔎 По запросу «{Html.EscapeShort(query, 60)}» ничего не нашлось. Попробуйте название модели или слово вроде «видео», «фото», «музыка», «голос»."
        : $"🔎 Nothing found for “{Html.EscapeShort(query, 60)}”. Try a model's name or a word like “video”, “image”, “music”, “voice”.";

    public static string Usage(Language language) => Ru(language)
        ? "🔎 Напишите /models и слово, например: <code>/models видео</code> или <code>/models flux</code>. В меню можно просто написать слово."
        : "🔎 Send /models with a word, e.g. <code>/models video</code> or <code>/models flux</code>. In the menu, just type the word.";
}
