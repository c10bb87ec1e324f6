using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;
using NeuroActors.Tests.Texts;

namespace NeuroActors.Tests.Conversation;

public class ConversationJourneyTests
{
    [Fact]
    public void Start_registers_the_user_grants_welcome_credits_once_and_shows_the_main_menu()
    {
        var h = new ConversationHarness(available: 0);

        var first = h.Text("/start");

        Assert.Contains(first.Events, e => e is UserRegistered);
        var grant = first.Single<ConversationEffect.GrantWelcomeCredits>();
        Assert.Equal(("welcome", 10L), (grant.GrantId, grant.Amount));
        var menu = first.LastScreen();
        Assert.Contains("Welcome", menu.Html, StringComparison.Ordinal);
        Assert.Contains("Balance: <b>10 credits</b>", menu.Html, StringComparison.Ordinal);
        var labels = menu.Keyboard!.Buttons.Select(b => b.Text).ToArray();
        Assert.Equal(["🖼 Image", "🎬 Video", "🎵 Music", "🗣 Voice", "⭐ Popular", "💰 Balance", "📜 My generations", "❓ Help", "🌐 Language"], labels);

        var second = h.Text("/start");
        Assert.DoesNotContain(second.Events, e => e is UserRegistered);
        Assert.Empty(second.Effects.OfType<ConversationEffect.GrantWelcomeCredits>());
        Assert.DoesNotContain("Welcome", second.LastScreen().Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_first_input_registers_the_user_not_only_start()
    {
        var h = new ConversationHarness(available: 0);

        var decision = h.Tap(new CallbackAction.OpenKind(MediaKind.Video, 0));

        Assert.True(h.State.IsRegistered);
        Assert.Single(decision.Effects.OfType<ConversationEffect.GrantWelcomeCredits>());
    }

    [Fact]
    public void A_kind_lists_its_models_with_prices_and_edits_the_tapped_message()
    {
        var h = new ConversationHarness();
        h.Text("/start");

        var decision = h.Tap(new CallbackAction.OpenKind(MediaKind.Image, 0), messageId: 42);

        var edit = decision.Single<ConversationEffect.EditMessage>();
        Assert.Equal(42, edit.MessageId);
        var labels = edit.Screen.Keyboard!.Buttons.Select(b => b.Text).ToArray();
        Assert.Contains("Nano Banana · 4 cr", labels);
        Assert.Contains("Flux 2 Pro · 5 cr", labels);
        Assert.DoesNotContain(labels, l => l.StartsWith("Sora", StringComparison.Ordinal));
        Assert.Equal(new ConversationStep.ChoosingModel(MediaKind.Image, 0), h.State.Step);
    }

    [Fact]
    public void Long_model_lists_page_with_arrows_and_a_stale_page_shows_the_last_one()
    {
        var h = new ConversationHarness(TestMenu.Create(extraImageModels: 20));
        h.Text("/start");

        var first = h.Tap(new CallbackAction.OpenKind(MediaKind.Image, 0)).LastScreen();
        Assert.Equal(8, first.Actions().OfType<CallbackAction.PickModel>().Count());
        Assert.Contains(first.Keyboard!.Buttons, b => b.Text == "1/3");
        Assert.Contains(first.Actions(), a => a == new CallbackAction.OpenKind(MediaKind.Image, 1));
        Assert.DoesNotContain(first.Keyboard.Buttons, b => b.Text == "◀");

        var stale = h.Tap(new CallbackAction.OpenKind(MediaKind.Image, 99)).LastScreen();
        Assert.Contains(stale.Keyboard!.Buttons, b => b.Text == "3/3");
        Assert.DoesNotContain(stale.Keyboard.Buttons, b => b.Text == "▶");
        Assert.Equal(23 - 16, stale.Actions().OfType<CallbackAction.PickModel>().Count());
        Assert.Equal(new ConversationStep.ChoosingModel(MediaKind.Image, 2), h.State.Step);
    }

    [Fact]
    public void Popular_lists_the_configured_models()
    {
        var h = new ConversationHarness();
        h.Text("/start");

        var screen = h.Tap(new CallbackAction.OpenPopular(0)).LastScreen();

        Assert.Equal([TestMenu.Sora.Key, TestMenu.NanoBanana.Key], screen.Actions().OfType<CallbackAction.PickModel>().Select(p => p.ModelKey));
    }

    [Fact]
    public void A_model_card_shows_what_it_does_its_price_the_prompt_limit_templates_and_the_way_back_to_its_page()
    {
        var h = new ConversationHarness(TestMenu.Create(extraImageModels: 20));
        h.Text("/start");
        var extra12 = h.Setup.Menu.FindById("extra/image-12")!;

        var card = h.Tap(new CallbackAction.PickModel(extra12.Key)).LastScreen();

        Assert.Contains("<b>Extra 12</b>", card.Html, StringComparison.Ordinal);
        Assert.Contains("Price: <b>12 credits</b> per variant", card.Html, StringComparison.Ordinal);
        Assert.Contains("Up to 1,000 characters", card.Html, StringComparison.Ordinal);
        Assert.Contains(card.Keyboard!.Buttons, b => b.Text == "✍️ Write my own prompt");
        Assert.Contains(card.Keyboard.Buttons, b => b.Text == "🛍 Product ad");
        // extra/image-12 is the 15th image model: page 2 (index 1) of 8 per page.
        Assert.Contains(new CallbackAction.OpenKind(MediaKind.Image, 1), card.Actions());
        Assert.Contains(CallbackAction.OpenMainMenu.Instance, card.Actions());
        Assert.IsType<ConversationStep.AwaitingPrompt>(h.State.Step);
        Assert.Equal(1, h.Draft.Number);
    }

    [Fact]
    public void Prompt_then_variants_then_confirmation_shows_model_prompt_variants_total_and_balance_after()
    {
        var h = new ConversationHarness(available: 100);
        h.Text("/start");
        h.Tap(new CallbackAction.PickModel(TestMenu.FluxPro.Key));

        var variants = h.Text("a red fox in snow, watercolor").LastScreen();
        Assert.IsType<ConversationStep.ChoosingVariants>(h.State.Step);
        Assert.Equal(["1 · 5 cr", "3 · 15 cr", "5 · 25 cr"], variants.Keyboard!.Rows[0].Select(b => b.Text));

        var confirmation = h.TapButton(variants.ButtonWith("3 · 15 cr")).LastScreen();

        Assert.Contains("<b>Flux 2 Pro</b> · 3 variants", confirmation.Html, StringComparison.Ordinal);
        Assert.Contains("“a red fox in snow, watercolor”", confirmation.Html, StringComparison.Ordinal);
        Assert.Contains("Total: <b>15 credits</b> · balance after: 95 credits", confirmation.Html, StringComparison.Ordinal);
        Assert.Equal("✅ Generate · 15 cr", confirmation.Keyboard!.Rows[0][0].Text);
        Assert.IsType<ConversationStep.Confirming>(h.State.Step);
    }

    [Fact]
    public void Confirm_places_one_order_with_a_request_id_per_variant_and_turns_the_confirmation_into_the_status_message()
    {
        var h = new ConversationHarness(available: 100);
        h.ToConfirmation(TestMenu.FluxPro, variants: 3);

        var decision = h.Tap(new CallbackAction.Confirm(h.Draft.Number), messageId: 777);

        Assert.IsType<ConversationEffect.AnswerCallback>(decision.Effects[0]);
        Assert.Equal("✅ Added to the queue", decision.Answer().Toast);
        var order = decision.Single<ConversationEffect.PlaceOrder>();
        Assert.Equal("ORDER00001", order.OrderId);
        Assert.Equal(TestMenu.FluxPro.Id, order.ModelId);
        Assert.Equal("a red fox in snow, watercolor", order.Prompt);
        Assert.Equal((3, 5L, 15L), (order.Variants, order.UnitPrice, order.Total));
        Assert.Equal(["ORDER00001-1", "ORDER00001-2", "ORDER00001-3"], order.RequestIds);
        Assert.Equal(777, order.StatusMessageId);
        var status = decision.Single<ConversationEffect.EditMessage>();
        Assert.Equal(777, status.MessageId);
        Assert.Contains("🖼 <b>Flux 2 Pro</b> · 3 variants · #ORDER00001", status.Screen.Html, StringComparison.Ordinal);
        Assert.Contains("🕒 In queue", status.Screen.Html, StringComparison.Ordinal);
        Assert.Equal([new CallbackAction.CancelOrder("ORDER00001")], status.Screen.Actions());
        Assert.Equal(ConversationStep.MainMenu.Instance, h.State.Step);
        Assert.Equal("ORDER00001", Assert.Single(h.State.RecentOrders).OrderId);
    }

    [Fact]
    public void Ten_quick_taps_on_confirm_make_one_order_and_the_rest_hear_already_started()
    {
        var h = new ConversationHarness(available: 1000);
        h.ToConfirmation(TestMenu.Sora, variants: 5);
        var draft = h.Draft.Number;

        var decisions = Enumerable.Range(0, 10).Select(_ => h.Tap(new CallbackAction.Confirm(draft))).ToList();

        Assert.Single(decisions.SelectMany(d => d.Effects).OfType<ConversationEffect.PlaceOrder>());
        Assert.Single(decisions.SelectMany(d => d.Events).OfType<OrderPlaced>());
        foreach (var later in decisions.Skip(1))
        {
            Assert.Equal("Already started", Assert.Single(later.Effects).Should<ConversationEffect.AnswerCallback>().Toast);
            Assert.Empty(later.Events);
        }
    }

    [Fact]
    public void A_short_balance_says_how_much_is_missing_and_offers_no_generate_button()
    {
        var h = new ConversationHarness(available: 0);
        h.ToVariants(TestMenu.Sora);
        Assert.Equal(10, h.Available);

        var decision = h.Tap(new CallbackAction.ChooseVariants(h.Draft.Number, 1));

        Assert.Equal("Not enough credits: 20 missing", decision.Answer().Toast);
        var screen = decision.LastScreen();
        Assert.Contains("This costs 30 credits; you have 10. Top up 20 or more", screen.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(screen.Actions(), a => a is CallbackAction.Confirm);
        Assert.Contains(CallbackAction.OpenBalance.Instance, screen.Actions());
        Assert.Contains(new CallbackAction.BackToVariants(h.Draft.Number), screen.Actions());
    }

    [Fact]
    public void Confirm_when_the_balance_dropped_since_the_confirmation_places_nothing()
    {
        var h = new ConversationHarness(available: 100);
        h.ToConfirmation(TestMenu.Sora, variants: 3);
        h.Available = 50;

        var decision = h.Tap(new CallbackAction.Confirm(h.Draft.Number));

        Assert.Empty(decision.Effects.OfType<ConversationEffect.PlaceOrder>());
        Assert.Empty(decision.Events);
        Assert.Equal("Not enough credits: 40 missing", decision.Answer().Toast);
        Assert.IsType<ConversationStep.Confirming>(h.State.Step);
    }

    [Fact]
    public void A_price_change_after_the_confirmation_was_shown_is_shown_again_before_anything_is_charged()
    {
        var h = new ConversationHarness(available: 100);
        h.ToConfirmation(TestMenu.FluxPro, variants: 3);
        h.Setup = h.Setup with { Menu = new InMemoryModelMenu(TestMenu.Core.Select(m => m == TestMenu.FluxPro ? m with { Price = 7 } : m)) };

        var first = h.Tap(new CallbackAction.Confirm(h.Draft.Number));

        Assert.Empty(first.Effects.OfType<ConversationEffect.PlaceOrder>());
        Assert.Contains("price has changed from 5 credits to 7 credits", first.LastScreen().Html, StringComparison.Ordinal);
        Assert.Contains("Total: <b>21 credits</b>", first.LastScreen().Html, StringComparison.Ordinal);

        var second = h.Tap(new CallbackAction.Confirm(h.Draft.Number));
        Assert.Equal(7, second.Single<ConversationEffect.PlaceOrder>().UnitPrice);
    }

    [Fact]
    public void A_template_asks_for_the_subject_with_an_example_and_fills_its_blank()
    {
        var h = new ConversationHarness();
        h.Text("/start");
        h.Tap(new CallbackAction.PickModel(TestMenu.NanoBanana.Key));

        var card = h.Tap(new CallbackAction.ChooseTemplate(h.Draft.Number, "img_product")).LastScreen();
        Assert.Contains("Template: <b>🛍 Product ad</b>", card.Html, StringComparison.Ordinal);
        Assert.Contains("<i>a glass bottle of lavender perfume</i>", card.Html, StringComparison.Ordinal);

        h.Text("a ceramic teapot");

        Assert.StartsWith("Premium commercial product photo of a ceramic teapot, centered", h.Draft.Prompt, StringComparison.Ordinal);
        Assert.IsType<ConversationStep.ChoosingVariants>(h.State.Step);
    }

    [Fact]
    public void A_template_for_an_image_model_takes_the_subject_from_the_photo_caption()
    {
        var h = new ConversationHarness();
        h.Text("/start");
        h.Tap(new CallbackAction.PickModel(TestMenu.Kling.Key));
        h.Tap(new CallbackAction.ChooseTemplate(h.Draft.Number, "vid_cinema"));

        h.Photo("kling-photo", caption: "a lighthouse in a storm");

        Assert.Equal("kling-photo", h.Draft.ImageFileId);
        Assert.StartsWith("Cinematic shot of a lighthouse in a storm, slow dolly-in", h.Draft.Prompt, StringComparison.Ordinal);
        Assert.IsType<ConversationStep.ChoosingVariants>(h.State.Step);
    }

    [Fact]
    public void A_template_of_another_kind_is_outdated()
    {
        var h = new ConversationHarness();
        h.Text("/start");
        h.Tap(new CallbackAction.PickModel(TestMenu.NanoBanana.Key));

        var decision = h.Tap(new CallbackAction.ChooseTemplate(h.Draft.Number, "mus_pop"));

        Assert.Equal("This menu is outdated", decision.Answer().Toast);
        Assert.Null(h.Draft.TemplateId);
    }

    [Fact]
    public void An_image_model_asks_for_the_photo_and_takes_a_prompt_typed_first()
    {
        var h = new ConversationHarness();
        h.Text("/start");
        var card = h.Tap(new CallbackAction.PickModel(TestMenu.BananaEdit.Key)).LastScreen();
        Assert.Contains("Send a photo (JPG/PNG, up to 20 MB), with the prompt as its caption if you like.", card.Html, StringComparison.Ordinal);
        Assert.Contains("Needs: a photo and a prompt", card.Html, StringComparison.Ordinal);
        Assert.IsType<ConversationStep.AwaitingImage>(h.State.Step);

        var saved = h.Text("make the sky purple").LastScreen();
        Assert.Contains("Prompt saved: “make the sky purple”", saved.Html, StringComparison.Ordinal);
        Assert.IsType<ConversationStep.AwaitingImage>(h.State.Step);

        var variants = h.Photo("p-1").LastScreen();
        Assert.Contains("📷 with your photo", variants.Html, StringComparison.Ordinal);
        Assert.Equal(("p-1", "make the sky purple"), (h.Draft.ImageFileId, h.Draft.Prompt));
        Assert.IsType<ConversationStep.ChoosingVariants>(h.State.Step);
    }

    [Fact]
    public void A_photo_without_caption_then_a_prompt_reaches_the_variants()
    {
        var h = new ConversationHarness();
        h.Text("/start");
        h.Tap(new CallbackAction.PickModel(TestMenu.BananaEdit.Key));

        var ask = h.Photo("p-2").LastScreen();
        Assert.Contains("📷 Photo received.", ask.Html, StringComparison.Ordinal);
        Assert.IsType<ConversationStep.AwaitingPrompt>(h.State.Step);

        h.Text("add a rainbow");
        Assert.IsType<ConversationStep.ChoosingVariants>(h.State.Step);
    }

    [Fact]
    public void An_image_sent_as_a_png_document_counts_as_a_photo()
    {
        var h = new ConversationHarness();
        h.Text("/start");
        h.Tap(new CallbackAction.PickModel(TestMenu.BananaEdit.Key));

        h.Send(new ConversationInput.Document("doc-png", 3_000_000, "image/png", "turn it into a painting"));

        Assert.Equal(("doc-png", "turn it into a painting"), (h.Draft.ImageFileId, h.Draft.Prompt));
    }

    [Fact]
    public void Improve_prompt_asks_the_llm_and_offers_the_result_to_accept()
    {
        var h = new ConversationHarness();
        h.ToVariants(TestMenu.FluxPro, "fox");
        var draft = h.Draft.Number;

        var start = h.Tap(new CallbackAction.ImprovePrompt(draft), messageId: 900);
        var request = start.Single<ConversationEffect.ImprovePrompt>();
        Assert.Equal((draft, "fox", MediaKind.Image, TestMenu.FluxPro.Id, Language.English), (request.DraftNumber, request.Prompt, request.Kind, request.ModelId, request.Language));
        Assert.Contains("Improving your prompt", start.LastScreen().Html, StringComparison.Ordinal);
        Assert.IsType<ConversationStep.ImprovingPrompt>(h.State.Step);

        var offer = h.Send(new ConversationInput.PromptImprovementReady(draft, "fox", "A red fox in fresh snow, soft watercolor"));
        var edit = offer.Single<ConversationEffect.EditMessage>();
        Assert.Equal(900, edit.MessageId);
        Assert.Contains("A red fox in fresh snow, soft watercolor", edit.Screen.Html, StringComparison.Ordinal);

        h.TapButton(edit.Screen.ButtonWith("Use improved"), 900);

        Assert.Equal("A red fox in fresh snow, soft watercolor", h.Draft.Prompt);
        Assert.IsType<ConversationStep.ChoosingVariants>(h.State.Step);
    }

    [Fact]
    public void Keeping_my_prompt_while_it_is_improved_ignores_the_late_answer()
    {
        var h = new ConversationHarness();
        h.ToVariants(TestMenu.FluxPro, "fox");
        var draft = h.Draft.Number;
        h.Tap(new CallbackAction.ImprovePrompt(draft));

        h.Tap(new CallbackAction.KeepOwnPrompt(draft));
        var late = h.Send(new ConversationInput.PromptImprovementReady(draft, "fox", "better fox"));

        Assert.Empty(late.Events);
        Assert.Empty(late.Effects);
        Assert.Equal("fox", h.Draft.Prompt);
        Assert.IsType<ConversationStep.ChoosingVariants>(h.State.Step);
    }

    [Fact]
    public void A_failed_or_useless_improvement_keeps_the_prompt_and_says_so()
    {
        var h = new ConversationHarness();
        h.ToVariants(TestMenu.Voice, "hello");
        h.Tap(new CallbackAction.ImprovePrompt(h.Draft.Number));

        var tooLong = h.Send(new ConversationInput.PromptImprovementReady(h.Draft.Number, "hello", new string('x', 500)));

        Assert.Contains("Could not improve the prompt right now; yours is kept.", tooLong.LastScreen().Html, StringComparison.Ordinal);
        Assert.Equal("hello", h.Draft.Prompt);
        Assert.IsType<ConversationStep.ChoosingVariants>(h.State.Step);

        h.Tap(new CallbackAction.ImprovePrompt(h.Draft.Number));
        h.Send(new ConversationInput.PromptImprovementFailed(h.Draft.Number, "hello"));
        Assert.IsType<ConversationStep.ChoosingVariants>(h.State.Step);
    }

    [Fact]
    public void Without_an_llm_the_improve_button_is_absent_and_a_forged_tap_is_outdated()
    {
        var h = new ConversationHarness(improvement: false);
        h.ToVariants(TestMenu.FluxPro);

        Assert.DoesNotContain(h.Tap(new CallbackAction.BackToVariants(h.Draft.Number)).LastScreen().Actions(), a => a is CallbackAction.ImprovePrompt);
        var forged = h.Tap(new CallbackAction.ImprovePrompt(h.Draft.Number));

        Assert.Equal("This menu is outdated", forged.Answer().Toast);
        Assert.Empty(forged.Effects.OfType<ConversationEffect.ImprovePrompt>());
    }

    [Fact]
    public void Edit_prompt_shows_the_current_prompt_to_copy_and_takes_a_new_one()
    {
        var h = new ConversationHarness();
        h.ToConfirmation(TestMenu.FluxPro, 3, "first <idea> & more");

        var card = h.Tap(new CallbackAction.EditPrompt(h.Draft.Number)).LastScreen();
        Assert.Contains("<code>first &lt;idea&gt; &amp; more</code>", card.Html, StringComparison.Ordinal);
        Assert.IsType<ConversationStep.AwaitingPrompt>(h.State.Step);

        h.Text("second idea");
        Assert.Equal("second idea", h.Draft.Prompt);
        Assert.Null(h.Draft.Variants);
    }

    [Fact]
    public void Back_from_the_confirmation_returns_to_the_variants_and_back_from_there_to_a_fresh_card()
    {
        var h = new ConversationHarness();
        h.ToConfirmation(TestMenu.FluxPro, 3);
        var draft = h.Draft.Number;

        var variants = h.Tap(new CallbackAction.BackToVariants(draft)).LastScreen();
        Assert.IsType<ConversationStep.ChoosingVariants>(h.State.Step);

        h.TapButton(variants.ButtonWith("Back"));
        Assert.IsType<ConversationStep.AwaitingPrompt>(h.State.Step);
        Assert.Equal(draft + 1, h.Draft.Number);
        Assert.Null(h.Draft.Prompt);
    }

    [Fact]
    public void Make_another_reopens_the_variants_with_the_same_model_prompt_and_photo_in_a_new_message()
    {
        var h = new ConversationHarness(available: 500);
        h.ToConfirmation(TestMenu.Kling, 1, "waves");
        h.Tap(new CallbackAction.Confirm(h.Draft.Number));
        var after = OrderMessages.Ready(UiTexts.English, "ORDER00001", 1, 1);

        var decision = h.TapButton(after.ButtonWith("Make another"));

        Assert.IsType<ConversationEffect.SendMessage>(decision.Effects[1]);
        Assert.IsType<ConversationStep.ChoosingVariants>(h.State.Step);
        Assert.Equal((TestMenu.Kling.Id, "waves", "photo-1"), (h.Draft.ModelId, h.Draft.Prompt, h.Draft.ImageFileId));
    }

    [Fact]
    public void A_double_tap_on_make_another_sends_one_new_screen()
    {
        var h = new ConversationHarness(available: 500);
        h.ToConfirmation(TestMenu.FluxPro, 1, "waves");
        h.Tap(new CallbackAction.Confirm(h.Draft.Number));

        var first = h.Tap(new CallbackAction.MakeAnother("ORDER00001"));
        var second = h.Tap(new CallbackAction.MakeAnother("ORDER00001"));

        Assert.Single(first.Effects.OfType<ConversationEffect.SendMessage>());
        Assert.Equal([typeof(ConversationEffect.AnswerCallback)], second.Effects.Select(e => e.GetType()));
        Assert.Empty(second.Events);
    }

    [Fact]
    public void Change_prompt_after_a_result_keeps_the_model_and_photo_and_asks_for_a_new_prompt()
    {
        var h = new ConversationHarness(available: 500);
        h.ToConfirmation(TestMenu.Kling, 1, "waves");
        h.Tap(new CallbackAction.Confirm(h.Draft.Number));

        var decision = h.Tap(new CallbackAction.ChangePrompt("ORDER00001"));

        Assert.IsType<ConversationStep.AwaitingPrompt>(h.State.Step);
        Assert.Equal(("photo-1", null), (h.Draft.ImageFileId, h.Draft.Prompt));
        Assert.Contains("<code>waves</code>", decision.LastScreen().Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Make_another_for_a_model_that_left_the_catalogue_says_so_and_shows_the_menu()
    {
        var h = new ConversationHarness(available: 500);
        h.ToConfirmation(TestMenu.Sora);
        h.Tap(new CallbackAction.Confirm(h.Draft.Number));
        h.Setup = h.Setup with { Menu = new InMemoryModelMenu(TestMenu.Core.Where(m => m != TestMenu.Sora)) };

        var decision = h.Tap(new CallbackAction.MakeAnother("ORDER00001"));

        Assert.Contains("not available any more", decision.LastScreen().Html, StringComparison.Ordinal);
        Assert.Equal(ConversationStep.MainMenu.Instance, h.State.Step);
    }

    [Fact]
    public void Cancel_on_the_status_message_asks_the_jobs_to_cancel_and_answers_at_once()
    {
        var h = new ConversationHarness(available: 500);
        h.ToConfirmation(TestMenu.Sora, 3);
        h.Tap(new CallbackAction.Confirm(h.Draft.Number));

        var decision = h.Tap(new CallbackAction.CancelOrder("ORDER00001"));

        Assert.Equal("Cancelling…", decision.Answer().Toast);
        Assert.Equal("ORDER00001", decision.Single<ConversationEffect.CancelQueuedOrder>().OrderId);
        Assert.Equal("This menu is outdated", h.Tap(new CallbackAction.CancelOrder("SOMEONEELSE")).Answer().Toast);
    }

    [Fact]
    public void History_and_status_are_handed_to_the_actor_with_the_users_language()
    {
        var h = new ConversationHarness(languageCode: "ru");
        h.Text("/start");

        Assert.Equal(new ConversationEffect.ShowHistory(0, null, Language.Russian), h.Text("/history").Single<ConversationEffect.ShowHistory>());
        Assert.Equal(new ConversationEffect.ShowHistory(2, 31, Language.Russian), h.Tap(new CallbackAction.OpenHistory(2), 31).Single<ConversationEffect.ShowHistory>());
        Assert.Equal("G7K2QXMNPA", h.Text("/status #g7k2qxmnpa-2").Single<ConversationEffect.ShowOrderStatus>().OrderId);
        Assert.Contains("/status", h.Text("/status ???").LastScreen().Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Balance_help_and_history_leave_the_draft_where_it_was()
    {
        var h = new ConversationHarness();
        h.ToVariants(TestMenu.FluxPro);
        var before = h.State;

        h.Text("/balance");
        h.Text("/help");
        h.Text("/history");

        Assert.Equal(before.Step, h.State.Step);
    }

    [Fact]
    public void Balance_shows_available_and_reserved_credits()
    {
        var h = new ConversationHarness(available: 120) { Reserved = 15 };
        h.Text("/start");

        var balance = h.Text("/balance").LastScreen();

        Assert.Contains("Balance: <b>130 credits</b>", balance.Html, StringComparison.Ordinal);
        Assert.Contains("15 credits are set aside", balance.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Russian_telegram_users_read_russian_and_an_explicit_choice_wins_over_the_telegram_language()
    {
        var h = new ConversationHarness(languageCode: "uk");
        var menu = h.Text("/start").LastScreen();
        Assert.Contains("Баланс", menu.Html, StringComparison.Ordinal);

        var card = h.Tap(new CallbackAction.PickModel(TestMenu.NanoBanana.Key)).LastScreen();
        Assert.Contains("Быстрые и точные картинки по описанию.", card.Html, StringComparison.Ordinal);

        var switched = h.Tap(new CallbackAction.SetLanguage(Language.English));
        Assert.Equal("Language: English", switched.Answer().Toast);
        Assert.Contains("Balance", switched.LastScreen().Html, StringComparison.Ordinal);
        Assert.Contains("Balance", h.Text("/menu").LastScreen().Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Admin_commands_and_buttons_in_the_user_conversation_are_unknown_and_change_nothing()
    {
        // Admins' updates reach admin actors first; whatever reaches a conversation is a user's, admin or not.
        var h = new ConversationHarness();
        h.Text("/start");
        var before = h.State;

        foreach (var command in new[] { "/admin", "/grant 1 50 x", "/stats", "/ban 1" })
        {
            var answer = h.Text(command);
            Assert.Contains("I do not know this command", answer.AllText(), StringComparison.Ordinal);
            Assert.Empty(answer.Events);
        }

        Assert.Equal("This menu is outdated", h.Tap(new CallbackAction.Admin(AdminCommand.Metrics, 0)).Answer().Toast);
        Assert.Equal(before.Step, h.State.Step);
    }

    [Fact]
    public void User_text_is_escaped_everywhere_it_is_shown()
    {
        var h = new ConversationHarness(available: 1000);
        h.ToConfirmation(TestMenu.FluxPro, 1, "<b>bold</b> & <script>");

        var confirmation = h.Tap(new CallbackAction.BackToVariants(h.Draft.Number)).LastScreen();

        Assert.Contains("&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;", confirmation.Html, StringComparison.Ordinal);
        HtmlCheck.AssertWellFormed(confirmation.Html);
    }
}

internal static class EffectAssertions
{
    public static T Should<T>(this ConversationEffect effect)
        where T : ConversationEffect => Assert.IsType<T>(effect);
}
