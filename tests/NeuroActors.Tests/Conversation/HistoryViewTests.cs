using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;
using NeuroActors.Tests.Texts;

namespace NeuroActors.Tests.Conversation;

public class HistoryViewTests
{
    private static HistoryEntry Entry(int i, HistoryState state = HistoryState.Done) =>
        new($"ORDER{i:D5}", new DateTimeOffset(2026, 3, 14, 15, 5, 0, TimeSpan.Zero).AddDays(-i), "Flux <2> Pro", MediaKind.Image, 3, state);

    [Fact]
    public void A_line_shows_date_model_variants_state_and_request_id()
    {
        var line = HistoryView.Line(UiTexts.English, Entry(0), TimeSpan.FromHours(3));

        Assert.Equal("14.03.26 18:05 · 🖼 Flux &lt;2&gt; Pro · ×3 · ✅ done · <code>#ORDER00000</code>", line);
        HtmlCheck.AssertWellFormed(line);
    }

    [Fact]
    public void A_single_variant_order_does_not_show_a_count()
    {
        var line = HistoryView.Line(UiTexts.Russian, Entry(1, HistoryState.Failed) with { Variants = 1 }, TimeSpan.Zero);

        Assert.Equal("13.03.26 15:05 · 🖼 Flux &lt;2&gt; Pro · ❌ не удалось, кредиты вернули · <code>#ORDER00001</code>", line);
    }

    [Fact]
    public void History_pages_with_arrows_and_an_empty_history_says_so()
    {
        var t = UiTexts.English;
        var page = HistoryView.Page(t, Enumerable.Range(10, 10).Select(i => Entry(i)).ToList(), 1, 25, TimeSpan.Zero);

        Assert.StartsWith("📜 <b>My generations</b> (2/3)\n\n", page.Html, StringComparison.Ordinal);
        Assert.Equal(10, page.Html.Split('\n').Count(l => l.Contains("#ORDER", StringComparison.Ordinal)));
        Assert.Contains(new CallbackAction.OpenHistory(0), page.Actions());
        Assert.Contains(new CallbackAction.OpenHistory(2), page.Actions());

        var empty = HistoryView.Page(t, [], 0, 0, TimeSpan.Zero);
        Assert.Contains("No generations yet", empty.Html, StringComparison.Ordinal);
        Assert.Equal([CallbackAction.OpenMainMenu.Instance], empty.Actions());
    }

    [Fact]
    public void The_price_of_an_order_the_free_quota_paid_says_free_and_a_part_free_one_counts_the_paid_variants_only()
    {
        var paid = new HistoryDetail(Entry(0), "a fox", 5, 0, false, null, null);
        string Shown(UiTexts t, HistoryDetail detail) => HistoryView.Entry(t, detail, 0, TimeSpan.Zero).Html;
        var en = UiTexts.English;

        Assert.Contains($"Price: {en.Credits(15)} ({en.Variants(3)} × {en.Credits(5)})\n", Shown(en, paid), StringComparison.Ordinal);
        Assert.Contains($"Price: {en.Credits(5)} ({en.Variants(3)} × {en.Credits(5)}, 2 free)\n", Shown(en, paid with { FreeVariants = 2 }), StringComparison.Ordinal);
        Assert.Contains("Price: 🆓 free (every variant from the daily quota)\n", Shown(en, paid with { FreeVariants = 3 }), StringComparison.Ordinal);
        var single = paid with { Entry = Entry(0) with { Variants = 1 }, FreeVariants = 1 };
        Assert.Contains("Price: 🆓 free (daily quota)\n", Shown(en, single), StringComparison.Ordinal);
        Assert.Contains("Цена: 🆓 бесплатно (дневная квота)\n", Shown(UiTexts.Russian, single), StringComparison.Ordinal);
        Assert.Contains($"Цена: {UiTexts.Russian.Credits(5)} ({UiTexts.Russian.Variants(3)} × {UiTexts.Russian.Credits(5)}, 2 бесплатно)", Shown(UiTexts.Russian, paid with { FreeVariants = 2 }), StringComparison.Ordinal);
        HtmlCheck.AssertWellFormed(Shown(UiTexts.Russian, single));
    }
}
