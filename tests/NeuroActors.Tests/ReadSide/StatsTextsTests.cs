using NeuroActors.Actors.ReadSide;
using NeuroActors.Domain.Stats;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Tests.ReadSide;

public sealed class StatsTextsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 15, 42, 10, TimeSpan.Zero);

    internal static StatsSnapshot Known()
    {
        var day = new StatsWindow(3, 7, new OrderCounts(5, 3, 1, 1, 0), new OutcomeCounts(8, 2, 1),
            [new RankedCount("google/nano-banana", 6), new RankedCount("sora-2", 4)], [new RankedCount("Temporary", 2)], 40, 9);
        var week = new StatsWindow(12, 20, new OrderCounts(30, 25, 2, 2, 1), new OutcomeCounts(50, 0, 0), [new RankedCount("google/nano-banana", 50)], [], 250, 0);
        var hours = StatsSnapshot.Last24Hours(At, [new HourlyOutcomes(new DateTimeOffset(2026, 12, 4, 14, 0, 0, TimeSpan.Zero), new OutcomeCounts(5, 1, 0))]);
        return new StatsSnapshot(At, day, week, new LiveFigures(4, 2, null, TimeSpan.FromSeconds(95), 17), hours);
    }

    [Fact]
    public void The_english_caption_shows_both_windows_and_the_live_figures_from_known_data()
    {
        var caption = StatsTexts.Caption(Known(), Language.English);

        Assert.StartsWith("📈 <b>Metrics</b> · 2026-12-04 15:42 UTC", caption, StringComparison.Ordinal);
        Assert.Contains("<b>Last 24 h</b>\nUsers: new 3 · active 7\n", caption, StringComparison.Ordinal);
        Assert.Contains("Orders: 5 (all done 3 · partly 1 · none 1 · running 0)", caption, StringComparison.Ordinal);
        Assert.Contains("Generations: done 8 · failed 2 · cancelled 1 · success 80%", caption, StringComparison.Ordinal);
        Assert.Contains("Credits: spent 40 · refunded 9", caption, StringComparison.Ordinal);
        Assert.Contains("Top models: google/nano-banana 6, sora-2 4", caption, StringComparison.Ordinal);
        Assert.Contains("Top failures: Temporary 2", caption, StringComparison.Ordinal);
        Assert.Contains("<b>Last 7 days</b>\nUsers: new 12 · active 20\n", caption, StringComparison.Ordinal);
        Assert.Contains("success 100%", caption, StringComparison.Ordinal);
        Assert.Contains("jobs in flight: 4 · waiting for a KIE key: 2 · outbox queue: n/a", caption, StringComparison.Ordinal);
        Assert.Contains("read side lag: 1m 35s · events behind: 17", caption, StringComparison.Ordinal);
    }

    [Fact]
    public void The_russian_caption_speaks_russian_and_a_window_without_generations_has_no_success_rate()
    {
        var empty = new StatsWindow(0, 0, OrderCounts.None, OutcomeCounts.None, [], [], 0, 0);
        var snapshot = Known() with { Day = empty };
        var caption = StatsTexts.Caption(snapshot, Language.Russian);

        Assert.StartsWith("📈 <b>Метрики</b>", caption, StringComparison.Ordinal);
        Assert.Contains("<b>За 24 ч</b>\nПользователи: новых 0 · активных 0\n", caption, StringComparison.Ordinal);
        Assert.Contains("успех н/д", caption, StringComparison.Ordinal);
        Assert.Contains("задач в работе: 4", caption, StringComparison.Ordinal);
        var button = Assert.Single(Assert.Single(StatsTexts.Keyboard(Language.Russian).Rows));
        Assert.Equal("🔄 Обновить", button.Text);
        Assert.Equal(new CallbackAction.Admin(AdminCommand.RefreshMetrics, 0), CallbackCodec.Decode(button.CallbackData));
    }

    [Fact]
    public void A_caption_with_long_model_names_stays_within_telegrams_1024_characters_by_shortening_the_top_lists()
    {
        var names = Enumerable.Range(1, 5).Select(i => new RankedCount(new string('m', 60) + i, 1000 + i)).ToArray();
        var window = new StatsWindow(1, 1, OrderCounts.None, new OutcomeCounts(1, 0, 0), names, names, 1, 1);
        var caption = StatsTexts.Caption(Known() with { Day = window, Week = window }, Language.Russian);

        Assert.InRange(Html.CountChars(System.Text.RegularExpressions.Regex.Replace(caption, "<[^>]+>", string.Empty)), 1, StatsTexts.MaxCaptionChars);
        Assert.Contains("задач в работе", caption, StringComparison.Ordinal);
    }

    [Fact]
    public void The_last_24_hours_are_every_hour_oldest_first_with_zeros_where_nothing_ended()
    {
        var hours = Known().Hours;

        Assert.Equal(24, hours.Count);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 16, 0, 0, TimeSpan.Zero), hours[0].HourStart);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 15, 0, 0, TimeSpan.Zero), hours[^1].HourStart);
        Assert.Equal(new OutcomeCounts(5, 1, 0), hours[^2].Outcomes);
        Assert.Equal(6, hours.Sum(h => h.Outcomes.Total));
    }

    [Fact]
    public void The_chart_renders_a_png_of_the_last_24_hours()
    {
        var png = StatsChart.RenderPng(Known().Hours, Language.Russian);

        Assert.True(png.Length > 1000, $"a real picture: {png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        // IHDR: width and height, big-endian, at bytes 16-23.
        Assert.Equal(StatsChart.Width, (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19]);
        Assert.Equal(StatsChart.Height, (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23]);
    }
}
