using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Payments;

/// <summary>
/// The payments part of a node (section <c>Payments</c>): the packs on sale, the /paysupport and /terms texts per language
/// (HTML; null means the built-in text) and whether a user agrees to the terms before the first order.
/// </summary>
public sealed record PaymentSettings(
    TopUpPacks Packs,
    bool TermsConsent,
    string? SupportTextEnglish = null,
    string? SupportTextRussian = null,
    string? TermsTextEnglish = null,
    string? TermsTextRussian = null)
{
    /// <summary>The default packs, and the terms agreed to before the first order (<c>Payments:TermsConsent</c> false turns that off).</summary>
    public static PaymentSettings Default { get; } = new(TopUpPacks.Default, TermsConsent: true);

    /// <summary>The monthly plan sold by /subscription (<c>Payments:Subscription</c>); null when none is sold.</summary>
    public SubscriptionPlan? Subscription { get; init; } = SubscriptionPlan.Default;

    public string Support(Language language) =>
        (language == Language.Russian ? SupportTextRussian : SupportTextEnglish) ?? PaymentTexts.DefaultSupport(language);

    public string Terms(Language language) =>
        (language == Language.Russian ? TermsTextRussian : TermsTextEnglish) ?? PaymentTexts.DefaultTerms(language);
}

/// <summary>Reads the section <c>Payments</c>; a bad value stops the node with the setting's name and the fix.</summary>
public static class PaymentSettingsReader
{
    public static PaymentSettings Read(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var settings = new Configuration.SettingReader(lookup);
        var packs = settings.Text(TopUpPacks.Key) is { } packsText ? TopUpPacks.Parse(packsText) : TopUpPacks.Default;
        var consentText = (settings.Text("Payments:TermsConsent") ?? "true").ToLowerInvariant();
        var consent = consentText switch
        {
            "true" or "on" or "yes" => true,
            "false" or "off" or "no" => false,
            _ => throw new Configuration.BadSettingException("Payments:TermsConsent", $"'{consentText}' is not true or false", "set Payments:TermsConsent to true (ask before the first order) or false"),
        };
        return new PaymentSettings(
            packs,
            consent,
            Html("Payments:SupportText:en", settings),
            Html("Payments:SupportText:ru", settings),
            Html("Payments:TermsText:en", settings),
            Html("Payments:TermsText:ru", settings))
        {
            Subscription = SubscriptionPlan.Read(settings),
        };
    }

    /// <summary>A text shown as a message: at most 3,000 characters, so a screen around it stays under Telegram's 4,096.</summary>
    private static string? Html(string key, Configuration.SettingReader settings) =>
        settings.Text(key) is not { } text ? null
        : text.Length <= 3000 ? text
        : throw new Configuration.BadSettingException(key, $"the text is {text.Length} characters long", $"shorten {key} to at most 3000 characters (HTML allowed)");
}
