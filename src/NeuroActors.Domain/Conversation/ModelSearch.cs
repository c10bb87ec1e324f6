using System.Globalization;
using System.Text;

namespace NeuroActors.Domain.Conversation;

/// <summary>
/// Finds visible models by a word the user typed: a model's name ("flux", "veo"), a kind in Russian or English
/// ("video", "видео", "голос"), or a word of its description ("anime", "аниме", "avatar"). Pure and cheap: a few dozen
/// models, compared as lower-case words; names weigh most, then kinds, then descriptions.
/// </summary>
public static class ModelSearch
{
    public const int MaxResults = 8;

    /// <summary>Shorter queries match too much to help.</summary>
    public const int MinQueryLength = 2;

    private static readonly (MediaKind Kind, string[] Words)[] KindWords =
    [
        (MediaKind.Image, ["image", "images", "picture", "pictures", "photo", "photos", "pic", "art", "картинка", "картинки", "изображение", "изображения", "фото", "фотография", "рисунок", "арт"]),
        (MediaKind.Video, ["video", "videos", "clip", "movie", "film", "animate", "видео", "ролик", "клип", "фильм", "анимация", "оживить"]),
        (MediaKind.Music, ["music", "song", "songs", "track", "melody", "sound", "музыка", "песня", "песни", "трек", "мелодия", "звук"]),
        (MediaKind.Speech, ["voice", "speech", "tts", "transcribe", "transcript", "audio", "голос", "речь", "озвучка", "озвучить", "расшифровка", "расшифровать", "аудио"]),
    ];

    /// <summary>Words that mean the same across the two languages, so either finds a description written in the other.</summary>
    private static readonly string[][] Synonyms =
    [
        ["anime", "аниме"],
        ["avatar", "аватар"],
        ["upscale", "увеличить", "улучшить", "апскейл"],
        ["edit", "правка", "изменить", "редактировать"],
        ["portrait", "портрет"],
        ["logo", "логотип"],
        ["text", "текст"],
        ["noise", "шум"],
    ];

    /// <summary>Matching models, best first (then in menu order); empty for a query too short or matching nothing.</summary>
    public static IReadOnlyList<MenuModel> Find(IModelMenu menu, string query)
    {
        ArgumentNullException.ThrowIfNull(menu);
        var words = Words(query).Where(w => w.Length >= MinQueryLength).ToArray();
        if (words.Length == 0)
        {
            return [];
        }

        var kinds = KindWords.Where(k => words.Any(w => k.Words.Contains(w))).Select(k => k.Kind).ToHashSet();
        var expanded = words.SelectMany(Expand).Distinct(StringComparer.Ordinal).ToArray();
        var all = menu.Kinds.SelectMany(menu.ModelsOf).ToArray();
        return all
            .Select((model, order) => (model, order, score: Score(model, words, expanded, kinds)))
            .Where(m => m.score > 0)
            .OrderByDescending(m => m.score)
            .ThenBy(m => m.order)
            .Take(MaxResults)
            .Select(m => m.model)
            .ToArray();
    }

    private static int Score(MenuModel model, string[] words, string[] expanded, HashSet<MediaKind> kinds)
    {
        var name = Normalize(model.DisplayName + " " + model.Id);
        var score = 0;
        foreach (var word in words)
        {
            if (name.Contains(word, StringComparison.Ordinal))
            {
                score += 10;
            }
        }

        if (kinds.Contains(model.Kind))
        {
            score += 3;
        }

        var description = Words(model.Summary + " " + model.SummaryRu).ToHashSet(StringComparer.Ordinal);
        score += expanded.Count(w => description.Contains(w) || description.Any(d => d.Length > 3 && w.Length > 3 && d.StartsWith(w, StringComparison.Ordinal)));
        return score;
    }

    private static IEnumerable<string> Expand(string word) =>
        Synonyms.FirstOrDefault(group => group.Contains(word)) ?? [word];

    /// <summary>Lower-case words of letters and digits ("Flux-2 Pro!" → "flux", "2", "pro").</summary>
    public static IEnumerable<string> Words(string? text) =>
        Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLower(CultureInfo.InvariantCulture).Replace('ё', 'е'))
        {
            builder.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }

        return builder.ToString();
    }
}
