using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Sandbox.TelegramBotApi;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Kie;
using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.IntegrationTests.Inputs;

/// <summary>Voice, audio, video and albums through the sandbox's Bot API and the simulated KIE, end to end.</summary>
public sealed class InputKindsFlowTests
{
    private const string AvatarModel = "kling/ai-avatar-standard";
    private const string TranscriptModel = "elevenlabs/speech-to-text";
    private const string VideoUpscaleModel = "topaz/video-upscale";
    private const string IsolationModel = "elevenlabs/audio-isolation";
    private const string ListModel = "google/nano-banana-edit";

    [Fact]
    public async Task A_talking_avatar_from_a_photo_and_a_voice_note_is_priced_by_the_voice_and_comes_back_as_a_video()
    {
        await using var flow = await InputFlow.StartAsync();
        var (sandbox, ann) = (flow.Sandbox, flow.Ann);
        await ann.OpenModelCardAsync(MediaKind.Video, AvatarModel);

        var asksVoice = await flow.SendAndWaitAsync(() => sandbox.Telegram.SendPhotoAsync(ann.Id, TestMedia.Png(64, 64)));
        Assert.Contains("Send a voice message or an audio file", asksVoice.PlainText, StringComparison.Ordinal);
        var asksPrompt = await flow.SendAndWaitAsync(() => sandbox.Telegram.SendVoiceAsync(ann.Id, KieSampleMedia.Audio, durationSeconds: 7));
        Assert.Contains("Audio received (7 s)", asksPrompt.PlainText, StringComparison.Ordinal);
        var variants = await flow.SendAndWaitAsync(() => ann.SendTextAsync("she smiles and says hello"));
        Assert.Equal([1], variants.Buttons.Select(FlowUser.Action).OfType<CallbackAction.ChooseVariants>().Select(c => c.Variants));

        var tap = await ann.TapAsync(a => a is CallbackAction.ChooseVariants { Variants: 1 });
        var confirmation = (await ann.WaitUntilAsync(m => m.Any(x => x.MessageId == tap.MessageId && x.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.Confirm)), what: "the confirmation"))
            .Single(x => x.MessageId == tap.MessageId);
        Assert.Contains("16", confirmation.Buttons.Single(b => FlowUser.Action(b) is CallbackAction.Confirm).Text, StringComparison.Ordinal);
        var orderId = await ann.ConfirmAsync(confirmation);

        await ann.WaitForClosingAsync(orderId);
        var messages = await sandbox.Telegram.GetBotMessagesAsync(ann.Id);
        Assert.Contains(messages, m => m.Media?.Kind == "video");
        var task = Assert.Single(await sandbox.Kie.GetTasksAsync(AvatarModel));
        Assert.Equal(2, (await sandbox.Kie.GetUploadsAsync()).Count);
        Assert.StartsWith("http", task.Input!["image_url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("http", task.Input!["audio_url"]!.GetValue<string>(), StringComparison.Ordinal);
        var state = await ann.SettledStateAsync(flow.Node);
        Assert.Equal(InputFlow.Welcome - 16, state.Balance);
    }

    [Fact]
    public async Task Speech_to_text_from_an_audio_file_is_answered_as_text()
    {
        await using var flow = await InputFlow.StartAsync();
        var (sandbox, ann) = (flow.Sandbox, flow.Ann);
        await ann.OpenModelCardAsync(MediaKind.Speech, TranscriptModel);

        var variants = await flow.SendAndWaitAsync(() => sandbox.Telegram.SendAudioAsync(ann.Id, KieSampleMedia.Audio, durationSeconds: 45, fileName: "interview.mp3"));
        Assert.DoesNotContain(variants.Buttons, b => FlowUser.Action(b) is CallbackAction.EditPrompt);
        var tap = await ann.TapAsync(a => a is CallbackAction.ChooseVariants { Variants: 1 });
        var confirmation = (await ann.WaitUntilAsync(m => m.Any(x => x.MessageId == tap.MessageId && x.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.Confirm)), what: "the confirmation"))
            .Single(x => x.MessageId == tap.MessageId);
        var orderId = await ann.ConfirmAsync(confirmation);

        await ann.WaitForClosingAsync(orderId);
        var messages = await sandbox.Telegram.GetBotMessagesAsync(ann.Id);
        var transcript = Assert.Single(messages, m => m.PlainText?.Contains(KieSampleMedia.Transcript, StringComparison.Ordinal) == true);
        Assert.Null(transcript.Media);
        Assert.Contains("Transcript", transcript.PlainText, StringComparison.Ordinal);
        Assert.Equal(InputFlow.Welcome - 1, (await ann.SettledStateAsync(flow.Node)).Balance);
    }

    [Fact]
    public async Task Files_a_model_cannot_take_are_each_refused_clearly_the_draft_kept_and_nothing_charged()
    {
        await using var flow = await InputFlow.StartAsync();
        var (sandbox, ann) = (flow.Sandbox, flow.Ann);
        var telegram = sandbox.Telegram;

        await ann.OpenModelCardAsync(MediaKind.Video, VideoUpscaleModel);
        var voice = await flow.SendAndWaitAsync(() => telegram.SendVoiceAsync(ann.Id, KieSampleMedia.Audio, durationSeconds: 3));
        Assert.Contains("This model cannot use a voice message. It takes a video", voice.PlainText, StringComparison.Ordinal);

        var big = new byte[25 << 20];
        KieSampleMedia.Video.CopyTo(big, 0);
        var tooBig = await flow.SendAndWaitAsync(() => telegram.SendVideoAsync(ann.Id, big, durationSeconds: 8));
        Assert.Contains("Telegram lets a bot download at most 20", tooBig.PlainText, StringComparison.Ordinal);

        var taken = await flow.SendAndWaitAsync(() => telegram.SendVideoAsync(ann.Id, KieSampleMedia.Video, durationSeconds: 2));
        Assert.Contains(taken.Buttons, b => FlowUser.Action(b) is CallbackAction.ChooseVariants);

        await flow.SendAndWaitAsync(() => telegram.SendCommandAsync(ann.Id, "menu"));
        await ann.OpenModelCardAsync(MediaKind.Speech, IsolationModel);
        var tooLong = await flow.SendAndWaitAsync(() => telegram.SendAudioAsync(ann.Id, KieSampleMedia.Audio, durationSeconds: 660));
        Assert.Contains("This is 11 min 00 s long; this model takes at most 10 min 00 s", tooLong.PlainText, StringComparison.Ordinal);

        await flow.SendAndWaitAsync(() => telegram.SendCommandAsync(ann.Id, "menu"));
        await ann.OpenModelCardAsync(MediaKind.Image, ListModel);
        var before = (await telegram.GetBotMessagesAsync(ann.Id)).Count;
        await telegram.SendAlbumAsync(ann.Id, Enumerable.Range(0, 12).Select(i => TestMedia.Png(8 + i, 8)).ToArray(), caption: "make them all winter");
        await ann.WaitUntilAsync(m => m.Skip(before).Any(x => x.PlainText?.Contains("takes at most 10 photos", StringComparison.Ordinal) == true), what: "the album's refusal");
        var marker = await ann.PassMarkerAsync();
        var replies = ChatMarker.Before(await telegram.GetBotMessagesAsync(ann.Id), marker).Skip(before).ToList();
        Assert.Equal(2, replies.Count); // the variant choice after the first photo, and one refusal for the two photos over the limit
        var state = await ann.StateAsync(flow.Node);
        Assert.Equal(InputFlow.Welcome, state.Balance);
        Assert.Empty(state.OpenOrders);
        Assert.Empty(await sandbox.Kie.GetTasksAsync());
    }
}

/// <summary>One node on SQLite with the sandbox, and Ann at the main menu with <see cref="Welcome"/> credits.</summary>
internal sealed record InputFlow(TestDatabase Database, FlowSandbox Sandbox, TestNode Node, FlowUser Ann) : IAsyncDisposable
{
    public const long Welcome = 100;

    private static readonly Lazy<NeuroActors.Domain.Catalog.CatalogSnapshot> ShippedCatalog = new(() =>
        NeuroActors.Domain.Catalog.CatalogSnapshot.Create(NeuroActors.Domain.Catalog.CatalogParser.LoadFile(Path.Combine(AppContext.BaseDirectory, "catalog", "models.yaml"))));

    public static async Task<InputFlow> StartAsync(string language = "en")
    {
        var database = await TestDatabase.CreateAsync("sqlite");
        // The simulated KIE serves every model of the shipped catalogue (avatars, speech to text, upscales, ...).
        var sandbox = await FlowSandbox.StartAsync(kie => kie.ServeCatalog(ShippedCatalog.Value), floodLimits: false);
        var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?> { ["Credits:Welcome"] = Welcome.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var ann = await FlowUser.CreateAsync(sandbox, language: language);
        await ann.StartAsync();
        return new InputFlow(database, sandbox, node, ann);
    }

    public MenuModel Model(string id) => Node.App.Services.GetRequiredService<MenuSource>().Current.FindById(id)!;

    /// <summary>Does something in the chat and returns the first bot message after it.</summary>
    public async Task<TranscriptMessage> SendAndWaitAsync(Func<Task> send)
    {
        var before = (await Sandbox.Telegram.GetBotMessagesAsync(Ann.Id)).Count;
        await send();
        return (await Ann.WaitUntilAsync(m => m.Count > before, what: "a reply"))[before];
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        await Sandbox.DisposeAsync();
        await Database.DisposeAsync();
    }
}
