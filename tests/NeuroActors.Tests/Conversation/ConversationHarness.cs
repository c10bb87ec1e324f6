using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Tests.Conversation;

/// <summary>A small catalogue for conversation tests.</summary>
internal static class TestMenu
{
    public static readonly MenuModel NanoBanana = new("google/nano-banana", "Nano Banana", MediaKind.Image, 4, false, 5000, "Fast, faithful images from text.", "Быстрые и точные картинки по описанию.");
    public static readonly MenuModel FluxPro = new("flux-2/pro-text-to-image", "Flux 2 Pro", MediaKind.Image, 5, false, 5000, "Photorealistic images with fine detail.");
    public static readonly MenuModel BananaEdit = new("google/nano-banana-edit", "Nano Banana Edit", MediaKind.Image, 4, true, 5000, "Edits your photo as you describe.");
    public static readonly MenuModel Sora = new("sora-2-text-to-video", "Sora 2", MediaKind.Video, 30, false, 1000, "Cinematic video with sound.");
    public static readonly MenuModel Kling = new("kling-2.6/image-to-video", "Kling 2.6", MediaKind.Video, 40, true, 2500, "Brings a photo to life.");
    public static readonly MenuModel Suno = new("suno/v5", "Suno V5", MediaKind.Music, 10, false, 3000, "Songs with vocals.");
    public static readonly MenuModel Voice = new("elevenlabs/text-to-speech", "ElevenLabs", MediaKind.Speech, 2, false, 120, "Natural voice-over.");

    public static IReadOnlyList<MenuModel> Core { get; } = [NanoBanana, FluxPro, BananaEdit, Sora, Kling, Suno, Voice];

    /// <summary>The core models plus 20 more image models, for paging.</summary>
    public static InMemoryModelMenu Create(int extraImageModels = 0) =>
        new(Core.Concat(Enumerable.Range(1, extraImageModels).Select(i =>
                new MenuModel($"extra/image-{i}", $"Extra {i}", MediaKind.Image, i, false, 1000, "Extra model."))),
            [Sora.Id, NanoBanana.Id]);
}

/// <summary>Drives the conversation like a user's actor would: decide, keep the state, count callback ids.</summary>
internal sealed class ConversationHarness
{
    private int _callbackCounter;
    private int _orderCounter;

    public ConversationHarness(IModelMenu? menu = null, bool improvement = true, long available = 100, string? languageCode = "en")
    {
        Setup = new ConversationSetup(menu ?? TestMenu.Create(), PromptImprovementEnabled: improvement, WelcomeCredits: 10);
        Available = available;
        LanguageCode = languageCode;
    }

    public ConversationSetup Setup { get; set; }

    public ConversationState State { get; set; } = ConversationState.New;

    public long Available { get; set; }

    public long Reserved { get; set; }

    public string? LanguageCode { get; set; }

    public DateTimeOffset Now { get; set; } = new(2026, 3, 14, 18, 5, 0, TimeSpan.Zero);

    public long MessageId { get; set; } = 500;

    /// <summary>The screen a test last saw, for steps that pick a button from it.</summary>
    public Screen? LastShown { get; set; }

    public List<ConversationEvent> Journal { get; } = [];

    public ConversationContext Context => new(Setup, Now, LanguageCode, Available, Reserved, () => $"ORDER{++_orderCounter:D5}");

    public ConversationDecision Send(ConversationInput input)
    {
        var decision = ConversationMachine.Decide(State, input, Context);
        Journal.AddRange(decision.Events);
        State = decision.State;
        foreach (var effect in decision.Effects)
        {
            if (effect is ConversationEffect.GrantWelcomeCredits grant)
            {
                Available += grant.Amount;
            }
            else if (effect is ConversationEffect.PlaceOrder order)
            {
                Available -= order.Total;
                Reserved += order.Total;
            }
        }

        return decision;
    }

    public ConversationDecision Text(string text) => Send(ConversationInput.FromMessageText(text));

    public ConversationDecision Tap(CallbackAction action, long? messageId = null) =>
        Send(new ConversationInput.ButtonTapped($"cb{++_callbackCounter}", messageId ?? MessageId, action));

    /// <summary>Taps exactly what a button carries: its callback_data goes through the codec.</summary>
    public ConversationDecision TapButton(InlineButton button, long? messageId = null) =>
        Tap(CallbackCodec.Decode(button.CallbackData), messageId);

    public ConversationDecision Photo(string fileId = "photo-1", long? size = 1_000_000, string? caption = null) =>
        Send(new ConversationInput.Photo(fileId, size, caption));

    public DraftOrder Draft => State.Draft ?? throw new InvalidOperationException("No draft.");

    /// <summary>/start, a model, a prompt: the user is at the variant choice.</summary>
    public void ToVariants(MenuModel model, string prompt = "a red fox in snow, watercolor")
    {
        Text("/start");
        Tap(new CallbackAction.PickModel(model.Key));
        if (model.NeedsImage)
        {
            Photo(caption: prompt);
        }
        else
        {
            Text(prompt);
        }
    }

    public void ToConfirmation(MenuModel model, int variants = 1, string prompt = "a red fox in snow, watercolor")
    {
        ToVariants(model, prompt);
        Tap(new CallbackAction.ChooseVariants(Draft.Number, variants));
    }
}

internal static class DecisionExtensions
{
    public static IEnumerable<Screen> Screens(this ConversationDecision decision) =>
        decision.Effects.Select(e => e switch
        {
            ConversationEffect.SendMessage s => s.Screen,
            ConversationEffect.EditMessage m => m.Screen,
            _ => null,
        }).OfType<Screen>();

    public static Screen LastScreen(this ConversationDecision decision) => decision.Screens().Last();

    public static string AllText(this ConversationDecision decision) => string.Join("\n---\n", decision.Screens().Select(s => s.Html));

    public static ConversationEffect.AnswerCallback Answer(this ConversationDecision decision) =>
        decision.Effects.OfType<ConversationEffect.AnswerCallback>().Single();

    public static T Single<T>(this ConversationDecision decision)
        where T : ConversationEffect => decision.Effects.OfType<T>().Single();

    public static InlineButton ButtonWith(this Screen screen, string textPart) =>
        screen.Keyboard!.Buttons.Single(b => b.Text.Contains(textPart, StringComparison.Ordinal));

    public static IReadOnlyList<CallbackAction> Actions(this Screen screen) =>
        screen.Keyboard?.Buttons.Where(b => b.CallbackData is not null).Select(b => CallbackCodec.Decode(b.CallbackData)).ToArray() ?? [];
}
