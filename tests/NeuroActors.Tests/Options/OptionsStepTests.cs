using System.Text.Json;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;
using NeuroActors.Tests.Catalog;
using NeuroActors.Tests.Conversation;
using ConversationKind = NeuroActors.Domain.Conversation.MediaKind;

namespace NeuroActors.Tests.ModelOptions;

/// <summary>The options step through the pure conversation, over a small catalogue with a priced, partly excluded video model.</summary>
public sealed class OptionsStepTests
{
    private const string ClipId = "test/clip";

    // duration and resolution change the price; the aspect ratio does not; 10 s at 1080p is excluded.
    private static string Clip(int tenSecondsKie = 60, bool offersTenSeconds = true) => $$"""
          - id: {{ClipId}}
            family: market
            kind: text-to-video
            name: { ru: "Тест клип", en: "Test clip" }
            description: { ru: "Видео для тестов.", en: "A video for tests." }
            prompt: { max: 500 }
            options:
              - { name: aspect_ratio, values: ["16:9", "9:16", "1:1"], default: "16:9" }
              - { name: duration, values: [{{(offersTenSeconds ? "\"5\", \"10\"" : "\"5\"")}}], default: "5" }
              - { name: resolution, values: [720p, 1080p], default: 720p }
        {{(offersTenSeconds ? "    exclude:\n      - { duration: \"10\", resolution: 1080p }" : string.Empty)}}
            prices:
              - { when: { duration: "5", resolution: 720p }, kie: 30, credits: 6 }
              - { when: { duration: "5", resolution: 1080p }, kie: 70, credits: 14 }
        {{(offersTenSeconds ? $"      - {{ when: {{ duration: \"10\", resolution: 720p }}, kie: {tenSecondsKie}, credits: {tenSecondsKie / 5} }}" : string.Empty)}}
        """;

    private static CatalogMenu MenuOf(string clip) =>
        CatalogMenu.From(TestCatalogs.Snapshot(TestCatalogs.With(TestCatalogs.ImageModel, clip)));

    private static readonly CatalogMenu Menu = MenuOf(Clip());

    private static MenuModel ClipModel(CatalogMenu? menu = null) => (menu ?? Menu).FindById(ClipId)!;

    private static ConversationHarness AtVariants(string language = "en")
    {
        var h = new ConversationHarness(Menu, languageCode: language);
        h.ToVariants(ClipModel(), "a fox running through snow");
        return h;
    }

    private static CallbackAction.ChooseOption Choose(ConversationHarness h, string option, string value)
    {
        var model = ClipModel();
        var index = model.Options.ToList().FindIndex(o => o.Name == option);
        var valueIndex = model.Options[index].Values.ToList().FindIndex(v => v.Value == value);
        return new CallbackAction.ChooseOption(h.Draft.Number, index, valueIndex);
    }

    [Fact]
    public void An_orders_options_are_labelled_per_option_for_history_with_defaults_for_those_not_chosen()
    {
        var labels = DraftOptions.Labels(ClipModel(), OptionChoices.From([new("duration", "10")]), Language.English);

        Assert.Equal(3, labels.Count);
        Assert.Contains("10", labels.Values.ElementAt(1), StringComparison.Ordinal);
        Assert.Contains("16:9", labels.Values.First(), StringComparison.Ordinal);
        Assert.Equal(DraftOptions.Summary(ClipModel(), OptionChoices.From([new("duration", "10")]), Language.English), string.Join(" · ", labels.Values));
    }

    [Fact]
    public void The_variant_choice_shows_each_option_at_its_default_and_the_defaults_price()
    {
        var h = AtVariants();

        var screen = CurrentVariants(h);

        Assert.Equal(
            [new CallbackAction.OpenOption(h.Draft.Number, 0), new CallbackAction.OpenOption(h.Draft.Number, 1), new CallbackAction.OpenOption(h.Draft.Number, 2)],
            screen.Actions().OfType<CallbackAction.OpenOption>());
        Assert.Contains("Duration: 5 s", screen.Keyboard!.Buttons.Select(b => b.Text));
        Assert.Contains("16:9 · 5 s · 720p", screen.Html, StringComparison.Ordinal);
        Assert.Contains("1 · 6 cr", screen.Keyboard.Buttons.Select(b => b.Text));
        Assert.Equal(OptionChoices.Empty, h.Draft.Options);
    }

    [Fact]
    public void An_option_lists_its_values_with_the_price_difference_and_the_current_one_ticked()
    {
        var h = AtVariants();

        var values = h.Tap(new CallbackAction.OpenOption(h.Draft.Number, 1)).LastScreen();

        var labels = values.Keyboard!.Buttons.Select(b => b.Text).ToArray();
        Assert.Contains("✓ 5 s", labels);
        Assert.Contains("10 s · +6", labels);
        Assert.Contains(new CallbackAction.BackToVariants(h.Draft.Number), values.Actions());
        Assert.Contains("6 credits per variant", values.Html, StringComparison.Ordinal);

        var resolutions = h.Tap(new CallbackAction.OpenOption(h.Draft.Number, 2)).LastScreen().Keyboard!.Buttons.Select(b => b.Text).ToArray();
        Assert.Contains("1080p · +8", resolutions);
        var ratios = h.Tap(new CallbackAction.OpenOption(h.Draft.Number, 0)).LastScreen().Keyboard!.Buttons.Select(b => b.Text).ToArray();
        Assert.Contains("9:16", ratios); // the same price: no difference shown
    }

    [Fact]
    public void A_value_the_catalogue_excludes_with_the_other_choices_is_never_offered()
    {
        var h = AtVariants();
        h.Tap(Choose(h, "resolution", "1080p"));

        var durations = h.Tap(new CallbackAction.OpenOption(h.Draft.Number, 1)).LastScreen();

        Assert.Equal([new CallbackAction.ChooseOption(h.Draft.Number, 1, 0)], durations.Actions().OfType<CallbackAction.ChooseOption>());
        Assert.DoesNotContain(durations.Keyboard!.Buttons, b => b.Text.Contains("10 s", StringComparison.Ordinal));
        Assert.DoesNotContain(DraftOptions.Offers(ClipModel(), h.Draft.Options, 1), o => o.Value.Value == "10");
    }

    [Fact]
    public void Choosing_a_value_changes_the_quote_the_confirmation_and_the_charge_and_the_options_go_with_the_order()
    {
        var h = AtVariants();

        var chosen = h.Tap(Choose(h, "duration", "10"));
        Assert.Equal([new OptionChosen("duration", "10")], chosen.Events);
        Assert.Contains("1 · 12 cr", chosen.LastScreen().Keyboard!.Buttons.Select(b => b.Text));
        Assert.Contains("16:9 · 10 s · 720p", chosen.LastScreen().Html, StringComparison.Ordinal);

        var confirmation = h.Tap(new CallbackAction.ChooseVariants(h.Draft.Number, 3)).LastScreen();
        Assert.Contains("Test clip · 16:9 · 10 s · 720p", confirmation.Html, StringComparison.Ordinal);
        Assert.Contains("Total: <b>36 credits</b>", confirmation.Html, StringComparison.Ordinal);
        Assert.Contains(confirmation.Keyboard!.Buttons, b => b.Text.Contains("36 cr", StringComparison.Ordinal) && CallbackCodec.Decode(b.CallbackData) is CallbackAction.Confirm);

        var placed = h.Tap(new CallbackAction.Confirm(h.Draft.Number)).Single<ConversationEffect.PlaceOrder>();
        Assert.Equal(12, placed.UnitPrice);
        Assert.Equal(36, placed.Total);
        var everyOption = OptionChoices.From(new Dictionary<string, string> { ["aspect_ratio"] = "16:9", ["duration"] = "10", ["resolution"] = "720p" });
        Assert.Equal(everyOption, placed.Options);
        Assert.Equal(everyOption, h.Journal.OfType<OrderPlaced>().Single().Options);
        Assert.Equal(everyOption, h.State.RecentOrders[0].Options);
    }

    [Fact]
    public void A_user_who_does_not_care_orders_at_the_defaults_in_the_same_taps_as_a_model_without_options()
    {
        var h = AtVariants();

        h.Tap(new CallbackAction.ChooseVariants(h.Draft.Number, 1));
        var placed = h.Tap(new CallbackAction.Confirm(h.Draft.Number)).Single<ConversationEffect.PlaceOrder>();

        Assert.Equal(6, placed.UnitPrice);
        Assert.Equal("16:9", placed.Options["aspect_ratio"]);
        Assert.Equal("5", placed.Options["duration"]);
        var plain = new ConversationHarness();
        plain.ToVariants(TestMenu.NanoBanana);
        Assert.Empty(CurrentVariants(plain).Actions().OfType<CallbackAction.OpenOption>());
    }

    [Theory]
    [InlineData(7, 0)] // no such option
    [InlineData(1, 9)] // no such value
    [InlineData(2, 1)] // 1080p with 10 s: excluded
    public void A_forged_or_excluded_choice_is_answered_clearly_and_changes_nothing(int option, int value)
    {
        var h = AtVariants();
        h.Tap(Choose(h, "duration", "10"));
        var before = h.State;

        var decision = h.Tap(new CallbackAction.ChooseOption(h.Draft.Number, option, value));

        Assert.Empty(decision.Events);
        Assert.Same(before, h.State);
        Assert.Equal(OptionTexts.English.OptionNotOfferedToast, decision.Answer().Toast);
        Assert.Contains("1 · 12 cr", decision.LastScreen().Keyboard!.Buttons.Select(b => b.Text));
    }

    [Fact]
    public void A_forged_option_index_to_open_is_answered_and_callback_data_out_of_shape_reads_as_outdated()
    {
        var h = AtVariants();

        var decision = h.Tap(new CallbackAction.OpenOption(h.Draft.Number, 42));

        Assert.Empty(decision.Events);
        Assert.Equal(OptionTexts.English.OptionNotOfferedToast, decision.Answer().Toast);
        foreach (var forged in new[] { "1O:1:1:x", "1O:1:-1", "1O:1:100", "1O:1:1:01", "1O:1:1:2:3", "1O:1" })
        {
            Assert.IsType<CallbackAction.Outdated>(CallbackCodec.Decode(forged));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => CallbackCodec.Encode(new CallbackAction.ChooseOption(1, 0, CallbackCodec.MaxOptionIndex + 1)));
    }

    [Fact]
    public void A_tap_on_an_older_drafts_option_is_outdated()
    {
        var h = AtVariants();
        var old = h.Draft.Number;
        h.Text("/menu");
        h.Tap(new CallbackAction.PickModel(ClipModel().Key));

        var decision = h.Tap(new CallbackAction.ChooseOption(old, 1, 1));

        Assert.Empty(decision.Events);
        Assert.Equal(UiTexts.English.OutdatedToast, decision.Answer().Toast);
    }

    [Fact]
    public void A_price_change_between_quote_and_confirm_quotes_again_and_asks_again()
    {
        var h = AtVariants();
        h.Tap(Choose(h, "duration", "10"));
        h.Tap(new CallbackAction.ChooseVariants(h.Draft.Number, 1));
        h.Setup = h.Setup with { Menu = MenuOf(Clip(tenSecondsKie: 70)) };

        var first = h.Tap(new CallbackAction.Confirm(h.Draft.Number));

        Assert.Empty(first.Effects.OfType<ConversationEffect.PlaceOrder>());
        Assert.Equal([new VariantsChosen(1, 14)], first.Events);
        Assert.Contains("14 credits", first.LastScreen().Html, StringComparison.Ordinal);
        var second = h.Tap(new CallbackAction.Confirm(h.Draft.Number)).Single<ConversationEffect.PlaceOrder>();
        Assert.Equal(14, second.UnitPrice);
        Assert.Equal("10", second.Options["duration"]);
    }

    [Fact]
    public void Options_the_catalogue_no_longer_sells_are_reset_and_the_new_price_is_shown_before_any_charge()
    {
        var h = AtVariants();
        h.Tap(Choose(h, "duration", "10"));
        h.Tap(new CallbackAction.ChooseVariants(h.Draft.Number, 1));
        h.Setup = h.Setup with { Menu = MenuOf(Clip(offersTenSeconds: false)) };

        var decision = h.Tap(new CallbackAction.Confirm(h.Draft.Number));

        Assert.Empty(decision.Effects.OfType<ConversationEffect.PlaceOrder>());
        Assert.Equal([new OptionsReset()], decision.Events);
        Assert.IsType<ConversationStep.ChoosingVariants>(h.State.Step);
        Assert.Equal(OptionChoices.Empty, h.Draft.Options);
        Assert.Contains(OptionTexts.English.OptionsChanged, decision.LastScreen().Html, StringComparison.Ordinal);
        Assert.Contains("1 · 6 cr", decision.LastScreen().Keyboard!.Buttons.Select(b => b.Text));
    }

    [Fact]
    public void Make_another_keeps_the_orders_options_and_its_price()
    {
        var h = AtVariants();
        h.Tap(Choose(h, "resolution", "1080p"));
        h.Tap(new CallbackAction.ChooseVariants(h.Draft.Number, 1));
        var placed = h.Tap(new CallbackAction.Confirm(h.Draft.Number)).Single<ConversationEffect.PlaceOrder>();

        var again = h.Tap(new CallbackAction.MakeAnother(placed.OrderId));

        Assert.Equal("1080p", h.Draft.Options["resolution"]);
        Assert.Contains("1 · 14 cr", again.LastScreen().Keyboard!.Buttons.Select(b => b.Text));
    }

    [Fact]
    public void A_list_shows_from_N_when_the_price_depends_on_options_and_the_card_says_so()
    {
        var h = new ConversationHarness(Menu);
        h.Text("/start");

        var list = h.Tap(new CallbackAction.OpenKind(ConversationKind.Video, 0)).LastScreen();
        var card = h.Tap(new CallbackAction.PickModel(ClipModel().Key)).LastScreen();

        Assert.Contains("Test clip · from 6 cr", list.Keyboard!.Buttons.Select(b => b.Text));
        Assert.Contains("from 6 credits", card.Html, StringComparison.Ordinal);
        var russian = new ConversationHarness(Menu, languageCode: "ru");
        russian.Text("/start");
        Assert.Contains("Test clip · от 6 кр.", russian.Tap(new CallbackAction.OpenKind(ConversationKind.Video, 0)).LastScreen().Keyboard!.Buttons.Select(b => b.Text));
    }

    [Fact]
    public void The_options_step_speaks_russian_to_a_russian_user()
    {
        var h = AtVariants("ru");

        var variants = CurrentVariants(h);
        var values = h.Tap(new CallbackAction.OpenOption(h.Draft.Number, 1)).LastScreen();

        Assert.Contains("10 с · +6", values.Keyboard!.Buttons.Select(b => b.Text));
        Assert.Contains("за вариант", values.Html, StringComparison.Ordinal);
        Assert.Contains("Нажмите на параметр", variants.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Choices_compare_by_value_and_store_as_a_plain_object_that_old_payloads_without_them_read_as_empty()
    {
        var a = OptionChoices.Empty.With("duration", "10").With("aspect_ratio", "16:9");
        var b = OptionChoices.From(new Dictionary<string, string> { ["aspect_ratio"] = "16:9", ["duration"] = "10" });
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, a.With("duration", "5"));

        var json = JsonSerializer.Serialize(a);
        Assert.Equal("""{"aspect_ratio":"16:9","duration":"10"}""", json);
        Assert.Equal(a, JsonSerializer.Deserialize<OptionChoices>(json));

        var old = JsonSerializer.Deserialize<ConversationEvent>("""{"$type":"draft-started","Number":3,"ModelId":"m","NeedsImage":false,"Prompt":null,"ImageFileId":null}""")!;
        Assert.Equal(OptionChoices.Empty, Assert.IsType<DraftStarted>(old).Options);
        var state = ConversationMachine.Apply(ConversationState.New, old);
        Assert.Equal(OptionChoices.Empty, state.Draft!.Options);
    }

    [Fact]
    public void Every_option_of_the_shipped_menu_has_its_default_priced_and_labels_in_both_languages()
    {
        var menu = CatalogMenu.From(ShippedCatalogTests.Snapshot);
        var models = menu.Kinds.SelectMany(menu.ModelsOf).ToList();
        Assert.Contains(models, m => m.Options.Count > 0);
        foreach (var model in models)
        {
            Assert.Equal(model.Price, DraftOptions.UnitPrice(model, OptionChoices.Empty));
            Assert.True(model.LowestPrice <= model.Price, model.Id);
            foreach (var option in model.Options)
            {
                Assert.True(option.Find(option.Default) is not null, $"{model.Id} {option.Name}");
                Assert.Matches("[А-Яа-яЁё]", option.LabelRu);
            }
        }
    }

    private static Screen CurrentVariants(ConversationHarness h) =>
        h.Tap(new CallbackAction.BackToVariants(h.Draft.Number)).LastScreen();
}
