using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Tests.Conversation;

public class ModelMenuAndIdsTests
{
    [Fact]
    public void Model_keys_are_stable_short_and_well_formed()
    {
        var key = ModelKey.Of("google/nano-banana");

        Assert.Equal(key, ModelKey.Of("google/nano-banana"));
        Assert.NotEqual(key, ModelKey.Of("google/nano-banana-edit"));
        Assert.True(ModelKey.IsWellFormed(key));
        Assert.Equal(ModelKey.Length, ModelKey.Of(new string('x', 10_000)).Length);
    }

    [Fact]
    public void The_menu_finds_models_by_key_and_id_lists_kinds_in_order_and_skips_unknown_popular_ids()
    {
        var menu = new InMemoryModelMenu([TestMenu.Suno, TestMenu.Sora, TestMenu.NanoBanana], ["missing", TestMenu.Suno.Id]);

        Assert.Equal([MediaKind.Image, MediaKind.Video, MediaKind.Music], menu.Kinds);
        Assert.Same(TestMenu.Sora, menu.FindByKey(TestMenu.Sora.Key));
        Assert.Same(TestMenu.Sora, menu.FindById(TestMenu.Sora.Id));
        Assert.Null(menu.FindByKey("AAAAAAAA"));
        Assert.Equal([TestMenu.Suno], menu.Popular);
        Assert.Empty(menu.ModelsOf(MediaKind.Speech));
    }

    [Fact]
    public void A_model_listed_twice_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new InMemoryModelMenu([TestMenu.Sora, TestMenu.Sora]));
    }

    [Fact]
    public void Order_ids_are_readable_unique_enough_and_give_request_ids_per_variant()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => OrderIds.NewRandom()).ToList();

        Assert.All(ids, id => Assert.Matches("^[A-HJ-NP-Z2-9]{10}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(["ABCD-1", "ABCD-2", "ABCD-3"], OrderIds.RequestIds("ABCD", 3));
    }

    [Theory]
    [InlineData("#g7k2qx", "G7K2QX")]
    [InlineData(" G7K2QX-2 ", "G7K2QX")]
    [InlineData("#G7K2QXMNPA", "G7K2QXMNPA")]
    [InlineData("", null)]
    [InlineData("#AB", null)]
    [InlineData("G7K2QX-", null)]
    [InlineData("G7K2QX-x", null)]
    [InlineData("hello world", null)]
    public void Status_accepts_what_users_type_for_an_order(string typed, string? expected)
    {
        Assert.Equal(expected, OrderIds.ParseUserInput(typed));
    }

    [Fact]
    public void Every_screen_keeps_within_telegrams_keyboard_limits()
    {
        var menu = TestMenu.Create(extraImageModels: 60);
        var setup = new ConversationSetup(menu, PromptImprovementEnabled: true);
        foreach (var t in new[] { UiTexts.English, UiTexts.Russian })
        {
            var screens = new Screens(t, setup);
            var draft = new DraftOrder(long.MaxValue, TestMenu.FluxPro.Id, false, Prompt: "p", Variants: 5, UnitPrice: 5);
            var all = new List<Screen>
            {
                screens.MainMenu(0),
                screens.Card(draft with { Prompt = null }, TestMenu.FluxPro),
                screens.Variants(draft, TestMenu.FluxPro),
                screens.Confirmation(draft, TestMenu.FluxPro, 1000),
                screens.Confirmation(draft, TestMenu.FluxPro, 0),
                screens.Improving(draft),
                screens.ImprovedOffer(draft, "q"),
                screens.Balance(1, 1),
                screens.Help(),
                screens.LanguageMenu(),
            };
            all.AddRange(Enumerable.Range(0, 10).Select(p => screens.ModelList(MediaKind.Image, p)));

            Assert.All(all, screen =>
            {
                Assert.All(screen.Keyboard!.Rows, row => Assert.InRange(row.Count, 1, InlineKeyboard.MaxButtonsPerRow));
                Assert.InRange(screen.Keyboard.Buttons.Count(), 1, 20);
                Assert.All(screen.Keyboard.Buttons, b => Assert.IsNotType<CallbackAction.Outdated>(CallbackCodec.Decode(b.CallbackData)));
            });
        }
    }
}
