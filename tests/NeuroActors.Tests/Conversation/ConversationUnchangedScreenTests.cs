using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Tests.Conversation;

/// <summary>
/// A tap must never ask Telegram to edit a message into what it already shows: the Bot API refuses that with 400
/// "message is not modified" and the user sees nothing happen.
/// </summary>
public class ConversationUnchangedScreenTests
{
    [Fact]
    public void Write_my_own_prompt_on_a_card_that_already_asks_for_it_only_answers_with_what_to_do()
    {
        var h = new ConversationHarness();
        h.Text("/start");
        var card = h.Tap(new CallbackAction.PickModel(TestMenu.NanoBanana.Key)).LastScreen();
        var stateBefore = h.State;

        var decision = h.TapButton(card.ButtonWith("Write my own prompt"));

        Assert.Empty(decision.Events);
        Assert.Empty(decision.Screens());
        Assert.Equal(UiTexts.For(Language.English).TypePromptToast, decision.Answer().Toast);
        Assert.Equal(stateBefore, h.State);
    }

    [Fact]
    public void Write_my_own_prompt_arriving_after_the_prompt_it_asked_for_keeps_the_prompt_and_the_variant_choice()
    {
        // Telegram queues a user's taps apart from their messages: a quick tap then a typed prompt may arrive swapped.
        var h = new ConversationHarness();
        h.Text("/start");
        var card = h.Tap(new CallbackAction.PickModel(TestMenu.NanoBanana.Key)).LastScreen();
        var variants = h.Text("a red fox").LastScreen();
        var stateBefore = h.State;

        var late = h.TapButton(card.ButtonWith("Write my own prompt"));
        var stateAfter = h.State;
        var chosen = h.Tap(new CallbackAction.ChooseVariants(h.Draft.Number, 1));

        Assert.Empty(late.Events);
        Assert.Empty(late.Screens());
        Assert.Null(late.Answer().Toast);
        Assert.Equal(stateBefore, stateAfter);
        Assert.Contains(variants.Actions(), a => a is CallbackAction.ChooseVariants);
        Assert.Contains(chosen.Events, e => e is VariantsChosen);
    }

    [Fact]
    public void Write_my_own_prompt_on_a_card_that_needs_a_photo_says_to_send_the_photo()
    {
        var h = new ConversationHarness(languageCode: "ru");
        h.Text("/start");
        var card = h.Tap(new CallbackAction.PickModel(TestMenu.BananaEdit.Key)).LastScreen();

        var decision = h.TapButton(card.ButtonWith("✍️"));

        Assert.Empty(decision.Screens());
        Assert.Equal(UiTexts.For(Language.Russian).SendPhotoToast, decision.Answer().Toast);
    }

    [Fact]
    public void Write_my_own_prompt_after_a_template_leaves_the_template_and_shows_the_plain_card()
    {
        var h = new ConversationHarness();
        h.Text("/start");
        var card = h.Tap(new CallbackAction.PickModel(TestMenu.NanoBanana.Key)).LastScreen();
        var template = card.Actions().OfType<CallbackAction.ChooseTemplate>().First();
        var templateCard = h.Tap(template).LastScreen();

        var decision = h.TapButton(templateCard.ButtonWith("Write my own prompt"));

        var edit = decision.Single<ConversationEffect.EditMessage>();
        Assert.NotEqual(templateCard, edit.Screen);
        Assert.Equal(card, edit.Screen);
        Assert.Contains(decision.Events, e => e is PromptTemplateChosen { TemplateId: null });
    }

    [Fact]
    public void No_button_of_any_screen_on_the_way_to_an_order_edits_its_message_into_the_same_screen()
    {
        var h = new ConversationHarness();
        var journey = new List<Func<ConversationHarness, ConversationDecision>>
        {
            x => x.Text("/start"),
            x => x.Tap(new CallbackAction.OpenKind(MediaKind.Image, 0)),
            x => x.Tap(new CallbackAction.PickModel(TestMenu.NanoBanana.Key)),
            x => x.Tap(x.LastShown!.Actions().OfType<CallbackAction.ChooseTemplate>().First()),
            x => x.Text("a red fox"),
            x => x.Tap(new CallbackAction.ChooseVariants(x.Draft.Number, 3)),
        };

        var checkedScreens = 0;
        foreach (var step in journey)
        {
            var shown = step(h).LastScreen();
            h.LastShown = shown;
            foreach (var button in shown.Keyboard!.Buttons.Where(b => b.CallbackData is not null))
            {
                var probe = ConversationMachine.Decide(h.State, new ConversationInput.ButtonTapped("probe", h.MessageId, CallbackCodec.Decode(button.CallbackData)), h.Context);

                Assert.DoesNotContain(probe.Effects, e => e is ConversationEffect.EditMessage edit && edit.MessageId == h.MessageId && edit.Screen == shown);
                Assert.Single(probe.Effects.OfType<ConversationEffect.AnswerCallback>());
            }

            checkedScreens++;
        }

        Assert.Equal(journey.Count, checkedScreens);
    }

    [Fact]
    public void A_tap_from_an_older_message_still_edits_that_message_into_the_current_screen()
    {
        var h = new ConversationHarness();
        h.Text("/start");
        h.Tap(new CallbackAction.OpenKind(MediaKind.Image, 0), messageId: 10);

        // An older main menu (message 9) opens the same list: that message shows the menu, so the edit changes it.
        var decision = h.Tap(new CallbackAction.OpenKind(MediaKind.Image, 0), messageId: 9);

        Assert.Equal(9, decision.Single<ConversationEffect.EditMessage>().MessageId);
    }
}
