namespace NeuroActors.Domain.Texts;

/// <summary>The languages the bot speaks to users.</summary>
public enum Language
{
    English,
    Russian,
}

/// <summary>Picks a user's language from Telegram's <c>language_code</c>.</summary>
public static class LanguageResolver
{
    // Users of these Telegram locales read Russian far more readily than English.
    private static readonly string[] RussianReaders = ["ru", "uk", "be", "kk"];

    /// <summary>
    /// ru, uk, be and kk (with any region suffix) read Russian; any other code reads English;
    /// a missing code falls back to <paramref name="whenUnknown"/> (configurable).
    /// </summary>
    public static Language FromTelegramCode(string? languageCode, Language whenUnknown = Language.English)
    {
        if (string.IsNullOrWhiteSpace(languageCode))
        {
            return whenUnknown;
        }

        var primary = languageCode.Trim().Split('-', '_')[0].ToLowerInvariant();
        return RussianReaders.Contains(primary) ? Language.Russian : Language.English;
    }

    /// <summary>Two-letter code of a language, as used in configuration and logs.</summary>
    public static string Code(Language language) => language == Language.Russian ? "ru" : "en";

    /// <summary>Parses "ru"/"en" (any case); anything else is <c>null</c>.</summary>
    public static Language? Parse(string? code) => code?.Trim().ToLowerInvariant() switch
    {
        "ru" => Language.Russian,
        "en" => Language.English,
        _ => null,
    };
}
