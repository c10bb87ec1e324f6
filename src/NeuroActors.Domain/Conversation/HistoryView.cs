using System.Globalization;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Conversation;

/// <summary>One order in /history.</summary>
public sealed record HistoryEntry(
    string OrderId,
    DateTimeOffset PlacedAt,
    string ModelName,
    MediaKind Kind,
    int Variants,
    HistoryState State);

/// <summary>One order opened from /history: what was ordered, at what price, how it ended, and whether its results can be sent again.</summary>
/// <param name="Options">The options chosen (name → shown value), when the order had any.</param>
/// <param name="ResultFiles">How many result files Telegram holds for it (sent again by their file ids).</param>
/// <param name="FreeVariants">How many of its variants the free daily quota paid for (they cost nothing).</param>
public sealed record HistoryDetail(
    HistoryEntry Entry,
    string Prompt,
    long UnitPrice,
    int ResultFiles,
    bool TextResult,
    OrderMedia? Media,
    string? ImageFileId,
    IReadOnlyDictionary<string, string>? Options = null,
    int FreeVariants = 0);

/// <summary>Formats /history: one line per order (date, model, variants, state, request id), newest first, paged.</summary>
public static class HistoryView
{
    public const int PageSize = 10;

    /// <summary>"14.03.26 18:05 · 🖼 Flux 2 Pro · ×3 · ✅ done · #G7K2QXMNPA", in the given UTC offset.</summary>
    public static string Line(UiTexts t, HistoryEntry entry, TimeSpan utcOffset)
    {
        var local = entry.PlacedAt.ToOffset(utcOffset);
        var when = local.ToString("dd.MM.yy HH:mm", CultureInfo.InvariantCulture);
        var variants = entry.Variants > 1 ? $" · ×{entry.Variants}" : string.Empty;
        return $"{when} · {UiTexts.KindEmoji(entry.Kind)} {Html.Escape(entry.ModelName)}{variants} · {t.HistoryStateLabel(entry.State)} · <code>{UiTexts.OrderTag(entry.OrderId)}</code>";
    }

    /// <summary>Page <paramref name="page"/> (clamped to the pages there are) of all of a user's orders, newest first.</summary>
    public static Screen PageOfAll(UiTexts t, IReadOnlyList<HistoryEntry> newestFirst, int page, TimeSpan utcOffset)
    {
        var clamped = Keyboards.ClampPage(page, newestFirst.Count, PageSize);
        return Page(t, newestFirst.Skip(clamped * PageSize).Take(PageSize).ToArray(), clamped, newestFirst.Count, utcOffset);
    }

    /// <summary>A page of history: the page's entries (newest first), with paging over <paramref name="totalCount"/> orders.</summary>
    public static Screen Page(UiTexts t, IReadOnlyList<HistoryEntry> pageEntries, int page, int totalCount, TimeSpan utcOffset, int pageSize = PageSize)
    {
        if (totalCount == 0 || pageEntries.Count == 0)
        {
            return new Screen(t.HistoryEmpty, Keyboards.MenuOnly(t));
        }

        var pages = Keyboards.PageCount(totalCount, pageSize);
        var clamped = Keyboards.ClampPage(page, totalCount, pageSize);
        var shown = pageEntries.Take(pageSize).ToArray();
        var lines = shown.Select((e, i) => $"{i + 1}. " + Line(t, e, utcOffset));
        var open = shown.Select((e, i) => InlineButton.For((i + 1).ToString(CultureInfo.InvariantCulture), new CallbackAction.OpenOrder(e.OrderId, clamped))).Chunk(5);
        var keyboard = new InlineKeyboard(open.Concat(Keyboards.History(t, clamped, pages).Rows.Select(r => r.ToArray())));
        return new Screen(t.HistoryHeader(clamped, pages) + "\n\n" + string.Join("\n", lines) + "\n\n" + HistoryTexts.OpenHint(t.Language), keyboard);
    }

    /// <summary>
    /// What the order cost: "15 credits (3 variants × 5 credits)", "10 credits (3 variants × 5 credits, 1 free)", or free when
    /// the daily quota paid for every variant.
    /// </summary>
    private static string PriceShown(UiTexts t, HistoryDetail detail)
    {
        var variants = detail.Entry.Variants;
        var free = Math.Clamp(detail.FreeVariants, 0, variants);
        if (free == variants)
        {
            return HistoryTexts.FreeOrder(t.Language, variants);
        }

        var paid = t.Credits(detail.UnitPrice * (variants - free));
        var freeNote = free > 0 ? ", " + HistoryTexts.FreeVariants(t.Language, free) : string.Empty;
        return variants > 1 ? $"{paid} ({t.Variants(variants)} × {t.Credits(detail.UnitPrice)}{freeNote})" : paid;
    }

    /// <summary>One order: model, prompt, options, files, state, price, date and request id, with 🔁 Repeat, 📤 Send again (when Telegram holds its results) and the way back.</summary>
    public static Screen Entry(UiTexts t, HistoryDetail detail, int backPage, TimeSpan utcOffset)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(detail);
        var language = t.Language;
        var entry = detail.Entry;
        var lines = new List<string>
        {
            HistoryTexts.EntryTitle(language, UiTexts.OrderTag(entry.OrderId)),
            string.Empty,
            $"{HistoryTexts.Model(language)}: {UiTexts.KindEmoji(entry.Kind)} <b>{Html.Escape(entry.ModelName)}</b>",
            $"{HistoryTexts.Prompt(language)}: " + (detail.Prompt.Length == 0 ? HistoryTexts.NoPrompt(language) : $"“{Html.EscapeShort(detail.Prompt, UiTexts.PromptPreviewChars)}”"),
        };
        if (detail.Options is { Count: > 0 } options)
        {
            lines.Add($"{HistoryTexts.Options(language)}: " + Html.Escape(string.Join(" · ", options.Select(o => o.Value))));
        }

        var files = new List<string>();
        var photos = (detail.ImageFileId is null ? 0 : 1) + (detail.Media?.ExtraImageFileIds?.Count ?? 0);
        if (photos > 0)
        {
            files.Add(HistoryTexts.PhotoCount(language, photos));
        }

        if (detail.Media?.AudioFileId is not null)
        {
            files.Add(HistoryTexts.AudioFile(language) + (detail.Media.MediaSeconds is { } s ? " " + InputTexts.Duration(language, s) : string.Empty));
        }

        if (detail.Media?.VideoFileId is not null)
        {
            files.Add(HistoryTexts.VideoFile(language) + (detail.Media.MediaSeconds is { } s ? " " + InputTexts.Duration(language, s) : string.Empty));
        }

        if (files.Count > 0)
        {
            lines.Add($"{HistoryTexts.Files(language)}: " + string.Join(", ", files));
        }

        lines.Add($"{HistoryTexts.State(language)}: {t.HistoryStateLabel(entry.State)}");
        lines.Add($"{HistoryTexts.Price(language)}: {PriceShown(t, detail)}");
        lines.Add($"{HistoryTexts.Date(language)}: " + entry.PlacedAt.ToOffset(utcOffset).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture));
        lines.Add($"{HistoryTexts.RequestId(language)}: <code>{UiTexts.OrderTag(entry.OrderId)}</code>");

        var rows = new List<InlineButton[]> { new[] { InlineButton.For(HistoryTexts.RepeatButton(language), new CallbackAction.RepeatOrder(entry.OrderId)) } };
        if (detail.ResultFiles > 0 || (detail.TextResult && entry.State is HistoryState.Done or HistoryState.PartlyDone))
        {
            rows.Add([InlineButton.For(HistoryTexts.ResendButton(language), new CallbackAction.ResendResults(entry.OrderId))]);
        }

        rows.Add([InlineButton.For(HistoryTexts.BackToHistoryButton(language), new CallbackAction.OpenHistory(backPage)), InlineButton.For(t.MenuButton, CallbackAction.OpenMainMenu.Instance)]);
        return new Screen(string.Join("\n", lines), new InlineKeyboard(rows));
    }
}
