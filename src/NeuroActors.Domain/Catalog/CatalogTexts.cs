namespace NeuroActors.Domain.Catalog;

/// <summary>Keys of the texts a user reads when the catalogue refuses a choice; parameters are named in braces.</summary>
public static class CatalogTextKeys
{
    public const string UnknownModel = "catalog.unknown_model";
    public const string ModelUnavailable = "catalog.model_unavailable";
    public const string PromptRequired = "catalog.prompt_required";
    public const string PromptTooShort = "catalog.prompt_too_short";
    public const string PromptTooLong = "catalog.prompt_too_long";
    public const string ImageRequired = "catalog.image_required";
    public const string AudioRequired = "catalog.audio_required";
    public const string VideoRequired = "catalog.video_required";
    public const string TooManyFiles = "catalog.too_many_files";
    public const string MediaNotAccepted = "catalog.media_not_accepted";
    public const string InvalidUrl = "catalog.invalid_url";
    public const string OptionUnknown = "catalog.option_unknown";
    public const string OptionValueInvalid = "catalog.option_value_invalid";
    public const string OptionCombinationUnsupported = "catalog.option_combination_unsupported";
    public const string NoPrice = "catalog.no_price";
    public const string TextTooLong = "catalog.text_too_long";
    public const string AudioTooLong = "catalog.audio_too_long";
    public const string VideoTooLong = "catalog.video_too_long";
    public const string MediaDurationRequired = "catalog.media_duration_required";
    public const string VariantsNotAllowed = "catalog.variants_not_allowed";
    public const string VariantIndexInvalid = "catalog.variant_index_invalid";
    public const string CallbackRequired = "catalog.callback_required";
}

/// <summary>
/// The Russian and English texts for <see cref="CatalogTextKeys"/>, with {name} placeholders for the rejection's parameters.
/// Kept here so every key the catalogue can answer has its words; the bot's text store may take them over.
/// </summary>
public static class CatalogTexts
{
    private static readonly Dictionary<string, LocalizedText> Texts = new(StringComparer.Ordinal)
    {
        [CatalogTextKeys.UnknownModel] = new(
            "Эта модель больше не доступна. Выберите другую в меню.",
            "This model is no longer offered. Please pick another one from the menu."),
        [CatalogTextKeys.ModelUnavailable] = new(
            "Модель сейчас недоступна. Выберите другую — кредиты не списаны.",
            "This model is unavailable right now. Please pick another one; no credits were taken."),
        [CatalogTextKeys.PromptRequired] = new(
            "Напишите, что нужно сделать: эта модель работает по текстовому описанию.",
            "Please describe what you want: this model needs a text prompt."),
        [CatalogTextKeys.PromptTooShort] = new(
            "Описание слишком короткое: нужно хотя бы {min} символа.",
            "The prompt is too short: it needs at least {min} characters."),
        [CatalogTextKeys.PromptTooLong] = new(
            "Описание слишком длинное: {length} символов, а модель принимает до {limit}. Сократите его.",
            "The prompt is too long: {length} characters, and this model takes up to {limit}. Please shorten it."),
        [CatalogTextKeys.ImageRequired] = new(
            "Пришлите фото (нужно хотя бы {min}).",
            "Please send a photo (at least {min})."),
        [CatalogTextKeys.AudioRequired] = new(
            "Пришлите аудио или голосовое сообщение.",
            "Please send an audio file or a voice message."),
        [CatalogTextKeys.VideoRequired] = new(
            "Пришлите видео.",
            "Please send a video."),
        [CatalogTextKeys.TooManyFiles] = new(
            "Слишком много файлов: модель принимает не больше {limit}.",
            "Too many files: this model takes at most {limit}."),
        [CatalogTextKeys.MediaNotAccepted] = new(
            "Эта модель не принимает такие файлы ({media}).",
            "This model does not take files of this kind ({media})."),
        [CatalogTextKeys.InvalidUrl] = new(
            "Не удалось прочитать файл. Пришлите его ещё раз.",
            "The file could not be read. Please send it again."),
        [CatalogTextKeys.OptionUnknown] = new(
            "Эта настройка устарела. Выберите параметры заново.",
            "This setting is out of date. Please choose the options again."),
        [CatalogTextKeys.OptionValueInvalid] = new(
            "Такое значение не подходит. Доступно: {allowed}.",
            "That value is not available. You can choose: {allowed}."),
        [CatalogTextKeys.OptionCombinationUnsupported] = new(
            "Модель не умеет так: {options}. Измените один из параметров.",
            "The model cannot do this combination: {options}. Please change one of them."),
        [CatalogTextKeys.NoPrice] = new(
            "Для этих параметров нет цены, поэтому их нельзя заказать: {options}.",
            "These options have no price, so they cannot be ordered: {options}."),
        [CatalogTextKeys.TextTooLong] = new(
            "Текст слишком длинный: {length} символов, можно до {limit}.",
            "The text is too long: {length} characters, the limit is {limit}."),
        [CatalogTextKeys.AudioTooLong] = new(
            "Аудио слишком длинное: {length} с, можно до {limit} с.",
            "The audio is too long: {length} s, the limit is {limit} s."),
        [CatalogTextKeys.VideoTooLong] = new(
            "Видео слишком длинное: {length} с, можно до {limit} с.",
            "The video is too long: {length} s, the limit is {limit} s."),
        [CatalogTextKeys.MediaDurationRequired] = new(
            "Не удалось узнать длительность файла. Пришлите его ещё раз.",
            "The length of the file is unknown. Please send it again."),
        [CatalogTextKeys.VariantsNotAllowed] = new(
            "Столько вариантов сразу нельзя. Доступно: {allowed}.",
            "That many variants at once is not possible. You can choose: {allowed}."),
        [CatalogTextKeys.VariantIndexInvalid] = new(
            "Этот заказ устарел. Оформите его заново.",
            "This order is out of date. Please place it again."),
        [CatalogTextKeys.CallbackRequired] = new(
            "Эта модель сейчас недоступна. Выберите другую — кредиты не списаны.",
            "This model is unavailable right now. Please pick another one; no credits were taken."),
    };

    public static IReadOnlyDictionary<string, LocalizedText> All => Texts;

    /// <summary>The rejection as the user reads it, in "ru" or "en", with its parameters filled in.</summary>
    public static string Render(ChoiceRejection rejection, string? language)
    {
        var template = Texts.TryGetValue(rejection.TextKey, out var text) ? text.For(language) : rejection.TextKey;
        foreach (var (name, value) in rejection.Parameters)
        {
            template = template.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        return template;
    }
}
