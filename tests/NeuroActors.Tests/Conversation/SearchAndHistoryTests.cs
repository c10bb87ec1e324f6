using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Tests.Conversation;

public sealed class ModelSearchTests
{
    private static readonly InMemoryModelMenu Menu = InputMenu.Create();

    [Theory]
    [InlineData("video")]
    [InlineData("видео")]
    [InlineData("Video!")]
    public void A_kind_word_in_either_language_finds_that_kinds_models(string query)
    {
        var found = ModelSearch.Find(Menu, query);

        Assert.Contains(TestMenu.Sora, found);
        Assert.Contains(TestMenu.Kling, found);
        Assert.All(found, m => Assert.Equal(MediaKind.Video, m.Kind));
    }

    [Fact]
    public void A_models_name_puts_it_first()
    {
        Assert.Equal(TestMenu.FluxPro, ModelSearch.Find(Menu, "flux")[0]);
        Assert.Equal(InputMenu.Avatar, ModelSearch.Find(Menu, "kling avatar")[0]);
    }

    [Theory]
    [InlineData("аниме")]
    [InlineData("anime")]
    public void A_style_word_finds_the_models_whose_description_has_it_in_either_language(string query) =>
        Assert.Equal([InputMenu.MultiEdit], ModelSearch.Find(Menu, query));

    [Theory]
    [InlineData("голос")]
    [InlineData("voice")]
    public void Voice_words_find_the_speech_models(string query)
    {
        var found = ModelSearch.Find(Menu, query);
        Assert.Contains(InputMenu.Transcribe, found);
        Assert.Contains(TestMenu.Voice, found);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x")]
    [InlineData("qwertyuiop")]
    public void A_word_too_short_or_unknown_finds_nothing(string query) => Assert.Empty(ModelSearch.Find(Menu, query));

    [Fact]
    public void Typing_a_word_in_the_menu_lists_matching_models_as_buttons_to_their_cards()
    {
        var h = new ConversationHarness(Menu);
        h.Text("/start");

        var decision = h.Text("видео");

        Assert.DoesNotContain(decision.Events, e => e is DraftStarted);
        var screen = decision.LastScreen();
        Assert.Contains(new CallbackAction.PickModel(TestMenu.Sora.Key), screen.Actions());
        Assert.Contains(CallbackAction.OpenMainMenu.Instance, screen.Actions());
        h.Tap(new CallbackAction.PickModel(TestMenu.Sora.Key));
        Assert.Equal(TestMenu.Sora.Id, h.Draft.ModelId);
    }

    [Fact]
    public void Models_command_with_a_word_searches_and_without_one_explains()
    {
        var h = new ConversationHarness(Menu, languageCode: "ru");
        Assert.Contains(new CallbackAction.PickModel(TestMenu.Suno.Key), h.Text("/models музыка").LastScreen().Actions());
        Assert.Contains("/models видео", h.Text("/models").LastScreen().Html, StringComparison.Ordinal);
    }
}

public sealed class HistoryEntryTests
{
    private static (ConversationHarness H, ConversationEffect.PlaceOrder Order) Ordered(IModelMenu? menu = null)
    {
        var h = new ConversationHarness(menu ?? InputMenu.Create());
        h.ToConfirmation(TestMenu.FluxPro, 3);
        var order = h.Tap(new CallbackAction.Confirm(h.Draft.Number)).Single<ConversationEffect.PlaceOrder>();
        return (h, order);
    }

    [Fact]
    public void Opening_an_entry_asks_the_actor_to_show_it_in_the_same_message()
    {
        var (h, order) = Ordered();
        var decision = h.Tap(new CallbackAction.OpenOrder(order.OrderId, 1), messageId: 900);

        var show = decision.Single<ConversationEffect.ShowHistoryEntry>();
        Assert.Equal(new ConversationEffect.ShowHistoryEntry(order.OrderId, 1, 900, Language.English), show);
        Assert.Single(decision.Effects.OfType<ConversationEffect.AnswerCallback>());
    }

    [Fact]
    public void Repeat_goes_straight_to_the_confirmation_with_the_same_prompt_and_variants_at_todays_price()
    {
        var (h, order) = Ordered();
        h.Setup = h.Setup with { Menu = new InMemoryModelMenu(InputMenu.Create().ModelsOf(MediaKind.Image).Select(m => m == TestMenu.FluxPro ? m with { Price = 7 } : m)) };

        var screen = h.Tap(new CallbackAction.RepeatOrder(order.OrderId)).LastScreen();

        var step = Assert.IsType<ConversationStep.Confirming>(h.State.Step);
        Assert.Equal(order.Prompt, step.Current.Prompt);
        Assert.Equal(3, step.Current.Variants);
        Assert.Equal(7, step.Current.UnitPrice);
        Assert.Contains("today's price: 7 credits per variant (it was 5 credits)", screen.Html, StringComparison.Ordinal);
        Assert.Contains(new CallbackAction.Confirm(step.Current.Number), screen.Actions());
    }

    [Fact]
    public void Repeat_of_an_order_older_than_the_recent_ones_uses_the_order_book()
    {
        var h = new ConversationHarness(InputMenu.Create());
        h.Text("/start");
        var old = new RecentOrder("OLDORDER01", -1, InputMenu.Avatar.Id, "hi there", "face", 1, 8, h.Now.AddDays(-40), new OrderMedia(null, "voice", null, 12), "Kling Avatar");
        var context = h.Context with { LookupOrder = id => id == old.OrderId ? old : null };

        var decision = ConversationMachine.Decide(h.State, new ConversationInput.ButtonTapped("cb", 5, new CallbackAction.RepeatOrder(old.OrderId)), context);

        var step = Assert.IsType<ConversationStep.Confirming>(decision.State.Step);
        Assert.Equal(new AttachedMedia("voice", 12), step.Current.Audio);
        Assert.Equal(24, step.Current.UnitPrice);
    }

    [Fact]
    public void Repeat_of_an_order_whose_model_was_hidden_says_so_and_changes_nothing()
    {
        var (h, order) = Ordered();
        h.Setup = h.Setup with { Menu = new InMemoryModelMenu([TestMenu.NanoBanana]) };
        var before = h.State;

        var decision = h.Tap(new CallbackAction.RepeatOrder(order.OrderId));

        Assert.Empty(decision.Events);
        Assert.Equal(before, h.State);
        Assert.Contains("is not available any more, so this order cannot be repeated. Nothing was charged", decision.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_shows_model_prompt_files_state_price_date_and_id_with_repeat_and_send_again()
    {
        var entry = new HistoryEntry("G7K2QXMNPA", new DateTimeOffset(2026, 3, 14, 18, 5, 0, TimeSpan.Zero), "Kling Avatar", MediaKind.Video, 1, HistoryState.Done);
        var detail = new HistoryDetail(entry, "she says hello", 16, 1, false, new OrderMedia(null, "voice", null, 7), "face");

        var screen = HistoryView.Entry(UiTexts.Russian, detail, 2, TimeSpan.FromHours(3));

        Assert.Contains("Kling Avatar", screen.Html, StringComparison.Ordinal);
        Assert.Contains("she says hello", screen.Html, StringComparison.Ordinal);
        Assert.Contains("🎙 аудио 7 с", screen.Html, StringComparison.Ordinal);
        Assert.Contains("16", screen.Html, StringComparison.Ordinal);
        Assert.Contains("14.03.2026 21:05", screen.Html, StringComparison.Ordinal);
        Assert.Contains("#G7K2QXMNPA", screen.Html, StringComparison.Ordinal);
        Assert.Equal(
            [new CallbackAction.RepeatOrder("G7K2QXMNPA"), new CallbackAction.ResendResults("G7K2QXMNPA"), new CallbackAction.OpenHistory(2), CallbackAction.OpenMainMenu.Instance],
            screen.Actions());
    }

    [Fact]
    public void A_history_page_numbers_its_orders_and_opens_each()
    {
        var entries = Enumerable.Range(1, 3).Select(i => new HistoryEntry($"ORDER0000{i}", DateTimeOffset.UnixEpoch.AddDays(i), "Flux", MediaKind.Image, 1, HistoryState.Done)).ToArray();

        var screen = HistoryView.PageOfAll(UiTexts.English, entries, 0, TimeSpan.Zero);

        Assert.Contains("1. ", screen.Html, StringComparison.Ordinal);
        Assert.Contains(new CallbackAction.OpenOrder("ORDER00002", 0), screen.Actions());
    }
}
