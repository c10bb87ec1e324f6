using System.Collections.Immutable;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Tests.Conversation;

/// <summary>Models that take more than a prompt and one photo, as the conversation sees them.</summary>
internal static class InputMenu
{
    private static readonly ImmutableArray<int> One = [1];

    public static readonly MenuModel Avatar = new("kling/ai-avatar-standard", "Kling Avatar", MediaKind.Video, 8, true, 5000, "Talking avatar: a portrait speaks your audio.", "Говорящий аватар.",
        Inputs: new ModelInputs(1, 1, true, false, 15, PromptUse.Required, [new(5, 8), new(10, 16), new(15, 24)], false, One));

    public static readonly MenuModel Transcribe = new("elevenlabs/speech-to-text", "Speech to text", MediaKind.Speech, 1, false, 0, "Transcribes voice notes and recordings.", "Расшифровывает голосовые.",
        Inputs: new ModelInputs(0, 0, true, false, 1800, PromptUse.None, [new(60, 1), new(300, 4), new(1800, 21)], true, One));

    public static readonly MenuModel Isolation = new("elevenlabs/audio-isolation", "Voice isolation", MediaKind.Speech, 3, false, 0, "Removes noise, music and echo.", "Убирает шум.",
        Inputs: new ModelInputs(0, 0, true, false, 60, PromptUse.None, [new(60, 3)], false, One));

    public static readonly MenuModel VideoUpscale = new("topaz/video-upscale", "Topaz video upscale", MediaKind.Video, 24, false, 0, "Raises a video's resolution.", "Улучшает видео.",
        Inputs: new ModelInputs(0, 0, false, true, 30, PromptUse.None, [new(10, 24), new(30, 72)], false, One));

    public static readonly MenuModel MultiEdit = new("gpt4o-image-edit", "GPT-4o edit", MediaKind.Image, 4, true, 5000, "Edits of up to 10 photos: 'make it anime'.", "Правка до 10 фото в стиле аниме.",
        Inputs: new ModelInputs(1, 10, false, false, null, PromptUse.Required, [], false, [1, 3, 5]));

    public static InMemoryModelMenu Create() =>
        new(TestMenu.Core.Concat([Avatar, Transcribe, Isolation, VideoUpscale, MultiEdit]), [TestMenu.Sora.Id]);
}

public sealed class InputKindsTests
{
    private static ConversationHarness Start(MenuModel model, string language = "en")
    {
        var h = new ConversationHarness(InputMenu.Create(), languageCode: language);
        h.Text("/start");
        h.Tap(new CallbackAction.PickModel(model.Key));
        return h;
    }

    private static ConversationDecision Voice(ConversationHarness h, int seconds, long size = 50_000, string fileId = "voice-1") =>
        h.Send(new ConversationInput.Audio(fileId, size, seconds, "audio/ogg", null, OtherMedia.Voice));

    private static ConversationDecision Video(ConversationHarness h, int seconds, long size = 1_000_000, string fileId = "video-1") =>
        h.Send(new ConversationInput.Video(fileId, size, seconds, "video/mp4", null, OtherMedia.Video));

    [Fact]
    public void A_talking_avatar_from_a_photo_and_a_voice_note_is_priced_by_the_voice_and_carries_both_files()
    {
        var h = Start(InputMenu.Avatar);
        Assert.Contains("voice message or an audio file", h.Photo("face").AllText(), StringComparison.Ordinal);
        Assert.IsType<ConversationStep.AwaitingMedia>(h.State.Step);

        Voice(h, 7);
        Assert.IsType<ConversationStep.AwaitingPrompt>(h.State.Step);
        var variants = h.Text("she smiles and says hello").LastScreen();

        Assert.Equal([new CallbackAction.ChooseVariants(h.Draft.Number, 1)], variants.Actions().OfType<CallbackAction.ChooseVariants>());
        h.Tap(new CallbackAction.ChooseVariants(h.Draft.Number, 1));
        var order = h.Tap(new CallbackAction.Confirm(h.Draft.Number)).Single<ConversationEffect.PlaceOrder>();

        Assert.Equal(16, order.UnitPrice);
        Assert.Equal("face", order.ImageFileId);
        Assert.Equal(new OrderMedia(null, "voice-1", null, 7), order.Media);
    }

    [Fact]
    public void A_voice_first_then_the_photo_works_the_same()
    {
        var h = Start(InputMenu.Avatar);
        Assert.Contains("🎙 Audio received (4 s)", Voice(h, 4).AllText(), StringComparison.Ordinal);
        Assert.IsType<ConversationStep.AwaitingImage>(h.State.Step);
        h.Photo("face", caption: "a wink at the end");
        Assert.IsType<ConversationStep.ChoosingVariants>(h.State.Step);
        Assert.Equal(8, ConversationMachine.UnitPriceOf(h.Draft, InputMenu.Avatar));
    }

    [Fact]
    public void Speech_to_text_needs_no_prompt_and_goes_from_the_audio_to_the_variants()
    {
        var h = Start(InputMenu.Transcribe);
        var screen = h.Send(new ConversationInput.Audio("rec", 900_000, 200, "audio/mpeg", null, OtherMedia.Audio)).LastScreen();

        Assert.IsType<ConversationStep.ChoosingVariants>(h.State.Step);
        Assert.DoesNotContain(screen.Actions(), a => a is CallbackAction.EditPrompt or CallbackAction.ImprovePrompt);
        Assert.Equal(4, ConversationMachine.UnitPriceOf(h.Draft, InputMenu.Transcribe));
        Assert.Equal(string.Empty, h.Draft.Prompt);
    }

    [Fact]
    public void A_voice_where_a_video_is_needed_is_refused_saying_what_the_model_takes()
    {
        var h = Start(InputMenu.VideoUpscale);
        var before = h.State;

        var decision = Voice(h, 5);

        Assert.Empty(decision.Events);
        Assert.Equal(before, h.State);
        Assert.Contains("This model cannot use a voice message. It takes a video (MP4, up to 20 MB, at most 30 s)", decision.AllText(), StringComparison.Ordinal);
        Assert.Contains("nothing was charged", decision.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_video_over_telegrams_20_mb_is_refused_and_the_draft_kept()
    {
        var h = Start(InputMenu.VideoUpscale);
        var decision = Video(h, 8, size: 25L * 1024 * 1024);

        Assert.Empty(decision.Events);
        Assert.Contains("Telegram lets a bot download at most 20", decision.AllText(), StringComparison.Ordinal);
        Assert.IsType<ConversationStep.AwaitingMedia>(h.State.Step);
    }

    [Fact]
    public void An_eleven_minute_audio_for_a_60_second_model_is_refused_in_the_users_language()
    {
        var h = Start(InputMenu.Isolation, "ru");
        var decision = h.Send(new ConversationInput.Audio("long", 5_000_000, 660, "audio/mpeg", null, OtherMedia.Audio));

        Assert.Empty(decision.Events);
        Assert.Contains("Длительность 11 мин 00 с, а эта модель принимает не больше 1 мин 00 с", decision.AllText(), StringComparison.Ordinal);
        Assert.Null(h.Draft.Audio);
    }

    [Fact]
    public void An_audio_document_for_a_model_priced_by_length_asks_for_it_as_audio()
    {
        var h = Start(InputMenu.Transcribe);
        var decision = h.Send(new ConversationInput.Document("doc", 100_000, "audio/mpeg", null));

        Assert.Empty(decision.Events);
        Assert.Contains("send it as an audio or a voice message", decision.AllText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_video_note_counts_as_a_video()
    {
        var h = Start(InputMenu.VideoUpscale);
        h.Send(new ConversationInput.Video("note", 300_000, 9, "video/mp4", null, OtherMedia.VideoNote));

        Assert.Equal(new AttachedMedia("note", 9), h.Draft.Video);
        Assert.Equal(24, ConversationMachine.UnitPriceOf(h.Draft, InputMenu.VideoUpscale));
    }

    [Fact]
    public void An_album_of_12_photos_keeps_10_and_refuses_the_rest_once()
    {
        var h = Start(InputMenu.MultiEdit);
        var replies = Enumerable.Range(1, 12)
            .Select(i => h.Send(new ConversationInput.Photo($"p{i}", 100_000, i == 1 ? "make them anime" : null, "album-1")))
            .ToList();

        Assert.Equal(10, h.Draft.ImageCount);
        Assert.Equal("p1", h.Draft.ImageFileId);
        Assert.Equal(Enumerable.Range(2, 9).Select(i => $"p{i}"), h.Draft.ExtraImageFileIds!);
        Assert.Single(replies[0].Screens());
        Assert.All(replies.Skip(1).Take(9), r => Assert.Empty(r.Screens()));
        Assert.Contains("takes at most 10 photos", replies[10].AllText(), StringComparison.Ordinal);
        Assert.Empty(replies[11].Effects);
        Assert.IsType<ConversationStep.ChoosingVariants>(h.State.Step);
    }

    [Fact]
    public void Photos_one_by_one_are_counted_and_done_leads_on()
    {
        var h = Start(InputMenu.MultiEdit);
        h.Photo("p1");
        var second = h.Photo("p2").LastScreen();

        Assert.Contains("Photos: 2 of up to 10", second.Html, StringComparison.Ordinal);
        var done = second.ButtonWith("Done");
        var next = h.TapButton(done).LastScreen();
        Assert.Contains("Describe", next.Html, StringComparison.Ordinal);
        h.Text("swap their hats");
        h.Tap(new CallbackAction.ChooseVariants(h.Draft.Number, 3));
        var order = h.Tap(new CallbackAction.Confirm(h.Draft.Number)).Single<ConversationEffect.PlaceOrder>();
        Assert.Equal(["p2"], order.Media!.ExtraImageFileIds!);
    }

    [Fact]
    public void A_forged_variant_count_the_model_does_not_allow_changes_nothing()
    {
        var h = Start(InputMenu.Transcribe);
        Voice(h, 30);
        var before = h.State;

        var decision = h.Tap(new CallbackAction.ChooseVariants(h.Draft.Number, 5));

        Assert.Empty(decision.Events);
        Assert.Equal(before, h.State);
    }

    [Fact]
    public void Make_another_keeps_the_files()
    {
        var h = Start(InputMenu.Avatar);
        h.Photo("face", caption: "hello");
        Voice(h, 12);
        h.Tap(new CallbackAction.ChooseVariants(h.Draft.Number, 1));
        var order = h.Tap(new CallbackAction.Confirm(h.Draft.Number)).Single<ConversationEffect.PlaceOrder>();

        h.Tap(new CallbackAction.MakeAnother(order.OrderId));

        Assert.Equal(new AttachedMedia("voice-1", 12), h.Draft.Audio);
        Assert.Equal("face", h.Draft.ImageFileId);
        Assert.IsType<ConversationStep.ChoosingVariants>(h.State.Step);
        Assert.Equal(24, ConversationMachine.UnitPriceOf(h.Draft, InputMenu.Avatar));
    }

    [Fact]
    public void Every_new_button_survives_the_codec()
    {
        CallbackAction[] actions =
        [
            new CallbackAction.SkipPrompt(3), new CallbackAction.ImagesDone(4), new CallbackAction.OpenOrder("G7K2QXMNPA", 2),
            new CallbackAction.RepeatOrder("G7K2QXMNPA"), new CallbackAction.ResendResults("G7K2QXMNPA"),
        ];
        Assert.All(actions, a => Assert.Equal(a, CallbackCodec.Decode(CallbackCodec.Encode(a))));
        Assert.IsType<CallbackAction.Outdated>(CallbackCodec.Decode("1u:G7K2QXMNPA:-1"));
    }
}
