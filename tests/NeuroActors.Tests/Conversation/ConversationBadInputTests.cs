using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Tests.Conversation;

/// <summary>Issue 6, "Bad input": each gets a helpful reply and loses nothing.</summary>
public class ConversationBadInputTests
{
    private static ConversationHarness AtImageCard()
    {
        var h = new ConversationHarness();
        h.Text("/start");
        h.Tap(new CallbackAction.PickModel(TestMenu.BananaEdit.Key));
        return h;
    }

    private static ConversationHarness AtPromptCard(MenuModel model)
    {
        var h = new ConversationHarness();
        h.Text("/start");
        h.Tap(new CallbackAction.PickModel(model.Key));
        return h;
    }

    [Fact]
    public void A_prompt_longer_than_the_model_allows_says_the_limit_and_keeps_the_draft()
    {
        var h = AtPromptCard(TestMenu.Voice);
        var before = h.State;

        var decision = h.Text(new string('a', 150));

        Assert.Empty(decision.Events);
        Assert.Equal(before, h.State);
        Assert.Contains("Your prompt is 150 characters; this model takes up to 120. Please shorten it by 30", decision.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_filled_beyond_the_limit_counts_the_whole_prompt()
    {
        var h = AtPromptCard(TestMenu.Voice);
        h.Tap(new CallbackAction.ChooseTemplate(h.Draft.Number, "sp_ad"));

        var decision = h.Text("the Aurora lamp");

        Assert.Empty(decision.Events);
        Assert.Contains("this model takes up to 120", decision.AllText(), StringComparison.Ordinal);
        Assert.Equal("sp_ad", h.Draft.TemplateId);
    }

    [Fact]
    public void The_limit_is_said_in_russian_for_russian_users()
    {
        var h = new ConversationHarness(languageCode: "ru");
        h.Text("/start");
        h.Tap(new CallbackAction.PickModel(TestMenu.Voice.Key));

        var decision = h.Text(new string('я', 125));

        Assert.Contains("В описании 125 символов, а эта модель принимает до 120. Сократите его на 5", decision.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_prompt_is_refused_with_a_hint()
    {
        var h = AtPromptCard(TestMenu.FluxPro);

        var decision = h.Text("   \n  ");

        Assert.Empty(decision.Events);
        Assert.Contains("The prompt is empty", decision.AllText(), StringComparison.Ordinal);
        Assert.IsType<ConversationStep.AwaitingPrompt>(h.State.Step);
    }

    [Theory]
    [InlineData(OtherMedia.Sticker, "Stickers cannot be used here")]
    [InlineData(OtherMedia.Voice, "A voice message cannot be used here")]
    [InlineData(OtherMedia.Video, "needs a still photo, not a video")]
    [InlineData(OtherMedia.Location, "This model needs a photo")]
    public void A_sticker_voice_or_other_message_where_a_photo_is_expected_asks_for_a_photo(OtherMedia media, string expected)
    {
        var h = AtImageCard();
        var before = h.State;

        var decision = h.Send(new ConversationInput.OtherMessage(media));

        Assert.Empty(decision.Events);
        Assert.Equal(before, h.State);
        Assert.Contains(expected, decision.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_image_document_where_a_photo_is_expected_asks_for_a_photo()
    {
        var h = AtImageCard();

        var decision = h.Send(new ConversationInput.Document("doc", 1000, "application/pdf", null));

        Assert.Contains("That is a file this model cannot use. Please send a photo", decision.AllText(), StringComparison.Ordinal);
        Assert.IsType<ConversationStep.AwaitingImage>(h.State.Step);
    }

    [Fact]
    public void An_image_document_in_an_unsupported_format_names_the_formats()
    {
        var h = AtImageCard();

        var decision = h.Send(new ConversationInput.Document("doc", 1000, "image/heic", null));

        Assert.Contains("Please send a JPG, PNG or WebP", decision.AllText(), StringComparison.Ordinal);
        Assert.Null(h.Draft.ImageFileId);
    }

    [Fact]
    public void A_photo_over_20_mb_says_its_size_and_the_limit_and_keeps_the_prompt()
    {
        var h = AtImageCard();
        h.Text("make it winter");

        var decision = h.Photo("huge", size: 23_500_000, caption: "ignored");

        Assert.Empty(decision.Events);
        Assert.Contains("This file is 22.4 MB; the limit is 20 MB", decision.AllText(), StringComparison.Ordinal);
        Assert.Equal(("make it winter", null), (h.Draft.Prompt, h.Draft.ImageFileId));
    }

    [Fact]
    public void A_photo_for_a_text_only_model_says_the_model_works_from_text()
    {
        var h = AtPromptCard(TestMenu.FluxPro);

        var decision = h.Photo();

        Assert.Empty(decision.Events);
        Assert.Contains("works from text only", decision.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_voice_message_where_a_prompt_is_expected_asks_for_text()
    {
        var h = AtPromptCard(TestMenu.FluxPro);

        var decision = h.Send(new ConversationInput.OtherMessage(OtherMedia.Voice));

        Assert.Contains("Please type the prompt as text", decision.AllText(), StringComparison.Ordinal);
        Assert.IsType<ConversationStep.AwaitingPrompt>(h.State.Step);
    }

    [Fact]
    public void An_unusable_caption_keeps_the_photo_and_says_what_is_wrong()
    {
        var h = new ConversationHarness();
        h.Text("/start");
        h.Tap(new CallbackAction.PickModel(TestMenu.Kling.Key));

        var decision = h.Photo("kept", caption: new string('w', 2600));

        Assert.Equal("kept", h.Draft.ImageFileId);
        Assert.Null(h.Draft.Prompt);
        Assert.Contains("this model takes up to 2,500", decision.AllText(), StringComparison.Ordinal);
        Assert.IsType<ConversationStep.AwaitingPrompt>(h.State.Step);
    }

    [Fact]
    public void Text_while_a_button_is_expected_gets_a_hint_with_the_current_buttons_and_changes_nothing()
    {
        var h = new ConversationHarness();
        h.ToConfirmation(TestMenu.FluxPro, 3);
        var before = h.State;

        var decision = h.Text("hurry up please");

        Assert.Empty(decision.Events);
        Assert.Equal(before, h.State);
        var screen = Assert.Single(decision.Screens());
        Assert.StartsWith("👇 Please use the buttons below.", screen.Html, StringComparison.Ordinal);
        Assert.Contains(new CallbackAction.Confirm(h.Draft.Number), screen.Actions());
    }

    [Fact]
    public void Text_at_the_main_menu_that_finds_no_model_says_so_with_the_menu()
    {
        var h = new ConversationHarness();
        h.Text("/start");

        var screen = h.Text("a cat").LastScreen();

        Assert.StartsWith("🔎 Nothing found for “a cat”", screen.Html, StringComparison.Ordinal);
        Assert.Contains(new CallbackAction.OpenKind(MediaKind.Image, 0), screen.Actions());
    }

    [Fact]
    public void A_photo_while_a_button_is_expected_gets_a_hint_and_changes_nothing()
    {
        var h = new ConversationHarness();
        h.ToVariants(TestMenu.FluxPro);
        var before = h.State;

        var decision = h.Photo();

        Assert.Equal(before, h.State);
        Assert.StartsWith("🤔 I cannot use this here.", decision.LastScreen().Html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tap_on_an_older_drafts_keyboard_is_outdated_shows_the_menu_there_and_keeps_the_current_draft()
    {
        var h = new ConversationHarness();
        h.ToVariants(TestMenu.FluxPro);
        var oldDraft = h.Draft.Number;
        h.ToVariants(TestMenu.NanoBanana, "another idea");
        var before = h.State;

        var decision = h.Tap(new CallbackAction.ChooseVariants(oldDraft, 3), messageId: 11);

        Assert.Equal("This menu is outdated", decision.Answer().Toast);
        var edit = decision.Single<ConversationEffect.EditMessage>();
        Assert.Equal(11, edit.MessageId);
        Assert.StartsWith("⌛ This menu is outdated. Here is the main menu.", edit.Screen.Html, StringComparison.Ordinal);
        Assert.Empty(decision.Events);
        Assert.Equal(before, h.State);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("0m")]
    [InlineData("1c:0")]
    [InlineData("1c:007")]
    [InlineData("{\"action\":\"confirm\"}")]
    public void Forged_or_stale_callback_data_is_outdated_and_never_throws(string data)
    {
        var h = new ConversationHarness();
        h.ToConfirmation(TestMenu.FluxPro);
        var before = h.State;

        var decision = h.Tap(CallbackCodec.Decode(data));

        Assert.Equal("This menu is outdated", decision.Answer().Toast);
        Assert.Empty(decision.Effects.OfType<ConversationEffect.PlaceOrder>());
        Assert.Equal(before, h.State);
    }

    [Fact]
    public void An_unknown_command_gets_a_hint_and_the_user_stays_where_they_were()
    {
        var h = new ConversationHarness();
        h.ToVariants(TestMenu.FluxPro);
        var before = h.State;

        var decision = h.Text("/frobnicate");

        Assert.Equal(before, h.State);
        Assert.Contains("I do not know this command", decision.LastScreen().Html, StringComparison.Ordinal);
        Assert.Contains(decision.LastScreen().Actions(), a => a is CallbackAction.ChooseVariants);
    }

    [Fact]
    public void A_model_that_left_the_catalogue_mid_draft_is_explained_and_the_menu_shown()
    {
        var h = new ConversationHarness();
        h.Text("/start");
        h.Tap(new CallbackAction.PickModel(TestMenu.Sora.Key));
        h.Setup = h.Setup with { Menu = new InMemoryModelMenu(TestMenu.Core.Where(m => m != TestMenu.Sora)) };

        var decision = h.Text("a whale in the sky");

        Assert.Contains("not available any more", decision.LastScreen().Html, StringComparison.Ordinal);
        Assert.Equal(ConversationStep.MainMenu.Instance, h.State.Step);
    }

    [Fact]
    public void A_command_for_another_bot_is_plain_text()
    {
        Assert.Equal(new ConversationInput.Text("/start@OtherBot"), ConversationInput.FromMessageText("/start@OtherBot", "NeuroActorsBot"));
        Assert.Equal(new ConversationInput.Command("start", "ref42"), ConversationInput.FromMessageText("/Start@NeuroActorsBot ref42", "NeuroActorsBot"));
        Assert.Equal(new ConversationInput.Text("/ not a command"), ConversationInput.FromMessageText("/ not a command"));
        Assert.Equal(new ConversationInput.Text("/usr/bin is a folder"), ConversationInput.FromMessageText("/usr/bin is a folder"));
        Assert.Equal(new ConversationInput.Command("status", "#ABCD"), ConversationInput.FromMessageText("  /status   #ABCD "));
    }
}
