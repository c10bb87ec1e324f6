using System.Globalization;
using System.Text;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Stats;

/// <summary>
/// The metrics screen's words in one language, and the caption of the chart photo built from a <see cref="StatsSnapshot"/>:
/// HTML, at most <see cref="MaxCaptionChars"/> characters as Telegram counts them (a caption's limit is 1024).
/// </summary>
public sealed record StatsTexts(
    string Title,
    string LastDay,
    string LastWeek,
    string Users,
    string New,
    string Active,
    string Orders,
    string OrdersParts,
    string Generations,
    string Done,
    string Failed,
    string Cancelled,
    string SuccessRate,
    string TopModels,
    string TopFailures,
    string Credits,
    string Spent,
    string Refunded,
    string Now,
    string InFlight,
    string WaitingForKey,
    string OutboxQueue,
    string ReadSideLag,
    string EventsBehind,
    string Unknown,
    string ChartTitle,
    string ChartAxis,
    string Refresh)
{
    /// <summary>Telegram's caption limit.</summary>
    public const int MaxCaptionChars = 1024;

    public static StatsTexts English { get; } = new(
        "📈 <b>Metrics</b>", "Last 24 h", "Last 7 days", "Users", "new", "active", "Orders", "all done {0} · partly {1} · none {2} · running {3}",
        "Generations", "done", "failed", "cancelled", "success", "Top models", "Top failures", "Credits", "spent", "refunded",
        "Now", "jobs in flight", "waiting for a KIE key", "outbox queue", "read side lag", "events behind", "n/a",
        "Generations per hour, last 24 h (UTC)", "generations", "🔄 Refresh");

    public static StatsTexts Russian { get; } = new(
        "📈 <b>Метрики</b>", "За 24 ч", "За 7 дней", "Пользователи", "новых", "активных", "Заказы", "готово целиком {0} · частично {1} · ничего {2} · в работе {3}",
        "Генерации", "готово", "ошибка", "отменено", "успех", "Топ моделей", "Топ ошибок", "Кредиты", "списано", "возвращено",
        "Сейчас", "задач в работе", "ждут ключ KIE", "очередь отправки", "отставание read side", "событий в очереди", "н/д",
        "Генерации по часам за 24 ч (UTC)", "генерации", "🔄 Обновить");

    public static StatsTexts For(Language language) => language == Language.Russian ? Russian : English;

    /// <summary>The photo's caption: both windows, then the live figures; top lists shortened first if it grows too long.</summary>
    public static string Caption(StatsSnapshot snapshot, Language language)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var texts = For(language);
        foreach (var top in new[] { 5, 3, 1, 0 })
        {
            var caption = texts.Build(snapshot, top);
            if (Html.CountChars(StripTags(caption)) <= MaxCaptionChars) return caption;
        }

        return texts.Build(snapshot, 0);
    }

    /// <summary>The refresh button under the photo; the admin actor answers it with a <c>ShowStats</c> that edits the photo in place.</summary>
    public static InlineKeyboard Keyboard(Language language) =>
        InlineKeyboard.Of([InlineButton.For(For(language).Refresh, new CallbackAction.Admin(AdminCommand.RefreshMetrics, 0))]);

    private string Build(StatsSnapshot snapshot, int top)
    {
        var text = new StringBuilder();
        text.Append(Title).Append(" · ").Append(snapshot.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(" UTC\n");
        Window(text, LastDay, snapshot.Day, top);
        Window(text, LastWeek, snapshot.Week, top);
        var live = snapshot.Live;
        text.Append('\n').Append("<b>").Append(Now).Append("</b>\n")
            .Append(InFlight).Append(": ").Append(live.JobsInFlight)
            .Append(" · ").Append(WaitingForKey).Append(": ").Append(Number(live.JobsWaitingForKey))
            .Append(" · ").Append(OutboxQueue).Append(": ").Append(Number(live.OutboxQueue)).Append('\n')
            .Append(ReadSideLag).Append(": ").Append(Duration(live.ProjectionLag))
            .Append(" · ").Append(EventsBehind).Append(": ").Append(live.EventsBehind);
        return text.ToString();
    }

    private void Window(StringBuilder text, string title, StatsWindow window, int top)
    {
        var generations = window.Generations;
        text.Append('\n').Append("<b>").Append(title).Append("</b>\n")
            .Append(Users).Append(": ").Append(New).Append(' ').Append(window.NewUsers).Append(" · ").Append(Active).Append(' ').Append(window.ActiveUsers).Append('\n')
            .Append(Orders).Append(": ").Append(window.Orders.Placed).Append(" (")
            .Append(string.Format(CultureInfo.InvariantCulture, OrdersParts, window.Orders.Done, window.Orders.Partial, window.Orders.NotDone, window.Orders.Open)).Append(")\n")
            .Append(Generations).Append(": ").Append(Done).Append(' ').Append(generations.Done)
            .Append(" · ").Append(Failed).Append(' ').Append(generations.Failed)
            .Append(" · ").Append(Cancelled).Append(' ').Append(generations.Cancelled)
            .Append(" · ").Append(SuccessRate).Append(' ').Append(Percent(generations.SuccessRate)).Append('\n')
            .Append(Credits).Append(": ").Append(Spent).Append(' ').Append(window.CreditsSpent).Append(" · ").Append(Refunded).Append(' ').Append(window.CreditsRefunded).Append('\n');
        Ranked(text, TopModels, window.TopModels, top);
        Ranked(text, TopFailures, window.TopFailureClasses, top);
    }

    private static void Ranked(StringBuilder text, string title, IReadOnlyList<RankedCount> ranked, int top)
    {
        if (top == 0 || ranked.Count == 0) return;
        text.Append(title).Append(": ")
            .AppendJoin(", ", ranked.Take(top).Select(r => Html.EscapeShort(r.Name, 40) + " " + r.Count.ToString(CultureInfo.InvariantCulture)))
            .Append('\n');
    }

    private string Number(long? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : Unknown;

    private string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : Unknown;

    /// <summary>"0s", "42s", "3m 5s", "2h 10m".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1)) return ((int)span.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
        if (span < TimeSpan.FromHours(1)) return $"{(int)span.TotalMinutes}m {span.Seconds}s";
        return $"{(int)span.TotalHours}h {span.Minutes}m";
    }

    /// <summary>Telegram counts a caption's characters after the HTML entities are parsed.</summary>
    private static string StripTags(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", string.Empty).Replace("&lt;", "<", StringComparison.Ordinal)
            .Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal).Replace("&quot;", "\"", StringComparison.Ordinal);
}
