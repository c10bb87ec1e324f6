using System.Globalization;
using NeuroActors.Domain.Conversation;

namespace NeuroActors.Domain.Texts;

/// <summary>
/// What a user reads about the files a model works from (photos, voice and audio, video): the requests on the model
/// card and every refusal, each saying what the model does accept. HTML; kept apart from <see cref="UiTexts"/> so the
/// input kinds stay in one place.
/// </summary>
public static class InputTexts
{
    private static bool Ru(Language language) => language == Language.Russian;

    /// <summary>"1 min 05 s", "45 s" / "1 мин 05 с".</summary>
    public static string Duration(Language language, int seconds)
    {
        var ru = Ru(language);
        if (seconds < 60)
        {
            return seconds.ToString(CultureInfo.InvariantCulture) + (ru ? " с" : " s");
        }

        var minutes = seconds / 60;
        var rest = seconds % 60;
        return minutes.ToString(CultureInfo.InvariantCulture) + (ru ? " мин " : " min ") + rest.ToString("00", CultureInfo.InvariantCulture) + (ru ? " с" : " s");
    }

    /// <summary>What the model takes, as one line: "a photo and a voice message or an audio file (up to 15 s)".</summary>
    public static string Accepted(Language language, ModelInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var ru = Ru(language);
        var parts = new List<string>();
        if (inputs.TakesImageList)
        {
            parts.Add(ru ? $"от {inputs.MinImages} до {inputs.MaxImages} фото (JPG/PNG/WebP, до 20 МБ каждое)" : $"{inputs.MinImages} to {inputs.MaxImages} photos (JPG/PNG/WebP, up to 20 MB each)");
        }
        else if (inputs.TakesImages)
        {
            parts.Add(ru ? "фото (JPG/PNG/WebP, до 20 МБ)" : "a photo (JPG/PNG/WebP, up to 20 MB)");
        }

        var limit = inputs.MaxMediaSeconds is { } max ? (ru ? $", не длиннее {Duration(language, max)}" : $", at most {Duration(language, max)}") : string.Empty;
        if (inputs.Audio)
        {
            parts.Add(ru ? $"голосовое сообщение или аудиофайл (до 20 МБ{limit})" : $"a voice message or an audio file (up to 20 MB{limit})");
        }

        if (inputs.Video)
        {
            parts.Add(ru ? $"видео (MP4, до 20 МБ{limit})" : $"a video (MP4, up to 20 MB{limit})");
        }

        if (inputs.Prompt != PromptUse.None)
        {
            parts.Add(ru ? "текстовое описание" : "a text prompt");
        }

        return string.Join(ru ? " и " : " and ", parts);
    }

    /// <summary>The card's line of what the model needs.</summary>
    public static string Needs(Language language, ModelInputs inputs) =>
        (Ru(language) ? "Нужно: " : "Needs: ") + Accepted(language, inputs);

    /// <summary>What the user sent, as a noun: "a voice message", "a video".</summary>
    public static string Sent(Language language, OtherMedia media)
    {
        var ru = Ru(language);
        return media switch
        {
            OtherMedia.Voice => ru ? "голосовое сообщение" : "a voice message",
            OtherMedia.Audio => ru ? "аудиофайл" : "an audio file",
            OtherMedia.Video => ru ? "видео" : "a video",
            OtherMedia.VideoNote => ru ? "видеосообщение" : "a video message",
            OtherMedia.Document => ru ? "файл" : "a file",
            OtherMedia.Sticker => ru ? "стикер" : "a sticker",
            _ => ru ? "такое сообщение" : "this kind of message",
        };
    }

    /// <summary>The model cannot use this kind of file.</summary>
    public static string WrongMedia(Language language, OtherMedia sent, ModelInputs inputs) => Ru(language)
        ? $"🚫 Этой модели не подходит {Sent(language, sent)}. Она принимает: {Accepted(language, inputs)}. Черновик сохранён, ничего не списано."
        : $"🚫 This model cannot use {Sent(language, sent)}. It takes {Accepted(language, inputs)}. Your draft is kept; nothing was charged.";

    /// <summary>A file over Telegram's 20 MB download limit for bots.</summary>
    public static string TooLarge(Language language, UiTexts t, long sizeBytes, long limitBytes, ModelInputs inputs) => Ru(language)
        ? $"🐘 Файл весит {t.Megabytes(sizeBytes)}, а бот может скачать из Telegram не больше {t.Megabytes(limitBytes)}. Пришлите файл поменьше или покороче. Модель принимает: {Accepted(language, inputs)}."
        : $"🐘 This file is {t.Megabytes(sizeBytes)}; Telegram lets a bot download at most {t.Megabytes(limitBytes)}. Please send a smaller or shorter one. The model takes {Accepted(language, inputs)}.";

    /// <summary>An audio or video longer than the model takes.</summary>
    public static string TooLong(Language language, int seconds, int limitSeconds) => Ru(language)
        ? $"⏱ Длительность {Duration(language, seconds)}, а эта модель принимает не больше {Duration(language, limitSeconds)}. Обрежьте запись и пришлите снова. Черновик сохранён, ничего не списано."
        : $"⏱ This is {Duration(language, seconds)} long; this model takes at most {Duration(language, limitSeconds)}. Please trim it and send it again. Your draft is kept; nothing was charged.";

    /// <summary>A file sent as a document, whose length Telegram does not report, for a model priced by length.</summary>
    public static string LengthUnknown(Language language, bool video) => Ru(language)
        ? $"📎 По файлу не видно его длительности, а от неё зависит цена. Отправьте его как {(video ? "видео" : "аудио или голосовое сообщение")}, а не как файл."
        : $"📎 Telegram does not tell the length of a file sent as a document, and the price depends on it. Please send it as {(video ? "a video" : "an audio or a voice message")}, not as a file.";

    /// <summary>More photos than the model takes.</summary>
    public static string TooManyPhotos(Language language, int limit, bool album) => Ru(language)
        ? $"🖼 Эта модель принимает не больше {limit} фото. {(album ? $"Из альбома я взял первые, всего {limit}; остальные не добавлены." : "Это фото не добавлено.")} Нажмите «✅ Готово» или напишите описание."
        : $"🖼 This model takes at most {limit} photos. {(album ? $"I kept the first ones of the album, {limit} in all; the rest were not added." : "This photo was not added.")} Tap “✅ Done” or type the prompt.";

    /// <summary>The reply to a further photo for a model that takes several.</summary>
    public static string PhotoAdded(Language language, int count, int limit) => Ru(language)
        ? $"📷 Фото: {count} из {limit}. Пришлите ещё или нажмите «✅ Готово»."
        : $"📷 Photos: {count} of up to {limit}. Send more, or tap “✅ Done”.";

    public static string DoneButton(Language language, int count) => Ru(language) ? $"✅ Готово ({count} фото)" : $"✅ Done ({count} photos)";

    public static string SkipPromptButton(Language language) => Ru(language) ? "➡️ Без описания" : "➡️ Without a prompt";

    /// <summary>The card's request for what is still missing.</summary>
    public static string Request(Language language, DraftOrder draft, ModelInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var ru = Ru(language);
        var lines = new List<string>();
        if (draft.ImageFileId is not null)
        {
            lines.Add(inputs.TakesImageList
                ? (ru ? $"📷 Фото: {draft.ImageCount} из {inputs.MaxImages}." : $"📷 Photos: {draft.ImageCount} of up to {inputs.MaxImages}.")
                : (ru ? "📷 Фото получено." : "📷 Photo received."));
        }

        if (draft.Audio is { } audio)
        {
            lines.Add((ru ? "🎙 Аудио получено" : "🎙 Audio received") + (audio.Seconds is { } s ? $" ({Duration(language, s)})." : "."));
        }

        if (draft.Video is { } video)
        {
            lines.Add((ru ? "🎬 Видео получено" : "🎬 Video received") + (video.Seconds is { } s ? $" ({Duration(language, s)})." : "."));
        }

        var limit = inputs.MaxMediaSeconds is { } max ? (ru ? $", до {Duration(language, max)}" : $", up to {Duration(language, max)}") : string.Empty;
        if (draft.NeedsImage && draft.ImageFileId is null)
        {
            lines.Add(inputs.TakesImageList
                ? (ru ? $"📷 Пришлите фото — по одному или альбомом, до {inputs.MaxImages} (JPG/PNG, до 20 МБ)." : $"📷 Send photos, one by one or as an album, up to {inputs.MaxImages} (JPG/PNG, up to 20 MB).")
                : (ru ? "📷 Пришлите фото (JPG/PNG, до 20 МБ)." : "📷 Send a photo (JPG/PNG, up to 20 MB)."));
        }

        if (draft.NeedsAudio == true && draft.Audio is null)
        {
            lines.Add(ru ? $"🎙 Пришлите голосовое сообщение или аудиофайл (до 20 МБ{limit})." : $"🎙 Send a voice message or an audio file (up to 20 MB{limit}).");
        }

        if (draft.NeedsVideo == true && draft.Video is null)
        {
            lines.Add(ru ? $"🎬 Пришлите видео (MP4, до 20 МБ{limit})." : $"🎬 Send a video (MP4, up to 20 MB{limit}).");
        }

        if (draft.Prompt is null && inputs.Prompt != PromptUse.None && !draft.MissesMedia && !(draft.NeedsImage && draft.ImageFileId is null))
        {
            lines.Add(inputs.Prompt == PromptUse.Optional
                ? (ru ? "✍️ Опишите, что должно получиться, или продолжите без описания." : "✍️ Describe what you want, or go on without a prompt.")
                : (ru ? "✍️ Опишите, что должно получиться." : "✍️ Describe what you want to get."));
        }

        return string.Join("\n", lines);
    }

    /// <summary>The price line of a model priced by length: "from 8 cr; 8 up to 5 s, 16 up to 10 s, 24 up to 15 s".</summary>
    public static string TierLine(Language language, UiTexts t, ModelInputs inputs) =>
        (Ru(language) ? "Цена по длительности: " : "Priced by length: ") +
        string.Join(", ", inputs.Tiers.Select(tier => t.Credits(tier.Credits) + (Ru(language) ? " до " : " up to ") + Duration(language, tier.UpToSeconds)));

    /// <summary>Speech to text: the transcript's heading above the text.</summary>
    public static string TranscriptHeading(Language language, string requestTag) => Ru(language)
        ? $"📝 Расшифровка · {requestTag}"
        : $"📝 Transcript · {requestTag}";

    /// <summary>A transcript too long for one message: the start of it, and the whole as a .txt file below.</summary>
    public static string TranscriptContinues(Language language) => Ru(language)
        ? "… (полный текст — в файле ниже)"
        : "… (the full text is in the file below)";
}

/// <summary>The model card of a model that works from files besides one photo and a prompt.</summary>
public static class InputCardTexts
{
    public static string Card(UiTexts t, string displayName, string summary, long price, ModelInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(inputs);
        var ru = t.Language == Language.Russian;
        var priceLine = inputs.Tiers.IsDefaultOrEmpty
            ? (ru ? $"Цена: <b>{t.Credits(price)}</b> за вариант" : $"Price: <b>{t.Credits(price)}</b> per variant")
            : InputTexts.TierLine(t.Language, t, inputs);
        return $"<b>{Html.Escape(displayName)}</b>\n{Html.Escape(summary)}\n\n{priceLine}\n{InputTexts.Needs(t.Language, inputs)}";
    }
}
