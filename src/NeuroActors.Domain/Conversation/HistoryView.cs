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
        var lines = pageEntries.Take(pageSize).Select(e => Line(t, e, utcOffset));
        return new Screen(t.HistoryHeader(clamped, pages) + "\n\n" + string.Join("\n", lines), Keyboards.History(t, clamped, pages));
    }
}
