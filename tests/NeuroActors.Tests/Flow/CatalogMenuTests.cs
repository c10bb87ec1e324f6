using System.Text.Json.Nodes;
using NeuroActors.Actors.Jobs;
using NeuroActors.Domain.Catalog;
using NeuroActors.Kie;
using NeuroActors.Tests.Catalog;
using ConversationKind = NeuroActors.Domain.Conversation.MediaKind;

namespace NeuroActors.Tests.Flow;

public sealed class CatalogMenuTests
{
    private static readonly CatalogMenu Menu = CatalogMenu.From(ShippedCatalogTests.Snapshot);

    [Fact]
    public void The_shipped_catalogue_offers_every_kind_of_the_main_menu()
    {
        Assert.Equal([ConversationKind.Image, ConversationKind.Video, ConversationKind.Music, ConversationKind.Speech], Menu.Kinds);
        Assert.All(Menu.Kinds, kind => Assert.NotEmpty(Menu.ModelsOf(kind)));
        Assert.NotEmpty(Menu.Popular);
    }

    [Fact]
    public void Every_menu_model_is_visible_priced_and_takes_a_prompt_or_a_file()
    {
        foreach (var kind in Menu.Kinds)
        {
            foreach (var model in Menu.ModelsOf(kind))
            {
                Assert.True(ShippedCatalogTests.Snapshot.IsVisible(model.Id), model.Id);
                Assert.True(model.Price >= 1, model.Id);
                var takes = model.Takes;
                Assert.True(takes.Prompt == Domain.Conversation.PromptUse.None ? takes.TakesImages || takes.Audio || takes.Video : model.MaxPromptLength > 0, model.Id);
                Assert.Same(model, Menu.FindByKey(model.Key));
            }
        }
    }

    [Fact]
    public void Models_that_need_audio_or_video_are_offered_in_their_menus()
    {
        var avatar = Assert.IsType<Domain.Conversation.MenuModel>(Menu.FindById("kling/ai-avatar-standard"));
        Assert.Equal(ConversationKind.Video, avatar.Kind);
        Assert.True(avatar.Takes.Audio && avatar.NeedsImage);
        Assert.Equal(15, avatar.Takes.MaxMediaSeconds);
        Assert.Equal(16, avatar.Takes.PriceFor(7, avatar.Price));

        var transcript = Assert.IsType<Domain.Conversation.MenuModel>(Menu.FindById("elevenlabs/speech-to-text"));
        Assert.Equal(ConversationKind.Speech, transcript.Kind);
        Assert.True(transcript.Takes.TextResult);
        Assert.Equal(Domain.Conversation.PromptUse.None, transcript.Takes.Prompt);

        Assert.Equal(ConversationKind.Speech, Menu.FindById("elevenlabs/audio-isolation")?.Kind);
        var upscale = Assert.IsType<Domain.Conversation.MenuModel>(Menu.FindById("topaz/video-upscale"));
        Assert.Equal(ConversationKind.Video, upscale.Kind);
        Assert.True(upscale.Takes.Video);
        Assert.Equal(ConversationKind.Image, Menu.FindById("topaz/image-upscale")?.Kind);

        var needsOtherMedia = ShippedCatalogTests.Snapshot.Models
            .Where(m => ShippedCatalogTests.Snapshot.IsVisible(m.Id) && m.Media.Any(x => x.Media != MediaKind.Image && x.Min > 0))
            .Select(m => m.Id)
            .ToList();
        Assert.NotEmpty(needsOtherMedia);
        Assert.All(needsOtherMedia, id => Assert.NotNull(Menu.FindById(id)));
    }

    [Fact]
    public void An_image_to_video_model_asks_for_a_photo()
    {
        var imageToVideo = ShippedCatalogTests.Snapshot.Menu(GenerationKind.ImageToVideo).Select(i => Menu.FindById(i.ModelId)).OfType<Domain.Conversation.MenuModel>().ToList();
        Assert.NotEmpty(imageToVideo);
        Assert.Contains(imageToVideo, m => m.NeedsImage);
    }

    [Fact]
    public void Every_menu_model_builds_a_create_request_the_client_can_send()
    {
        foreach (var model in Menu.Kinds.SelectMany(Menu.ModelsOf))
        {
            var takes = model.Takes;
            var build = ShippedCatalogTests.Snapshot.BuildRequest(new GenerationChoices(
                model.Id, "a red fox in the snow", ImageUrls: model.NeedsImage ? ["https://files.example/fox.png"] : null,
                AudioUrls: takes.Audio ? ["https://files.example/fox.mp3"] : null,
                VideoUrls: takes.Video ? ["https://files.example/fox.mp4"] : null,
                MediaSeconds: takes.Audio || takes.Video ? 5 : null,
                CallbackUrl: "https://node.example/kie/callback/x/y/z"));
            Assert.True(build.IsAccepted, $"{model.Id}: {build.Rejection}");
            var request = CatalogRequests.ToCreateRequest(build.Request, "https://node.example/kie/callback/x/y/z");
            var body = request.ToBody();
            Assert.Equal("https://node.example/kie/callback/x/y/z", body["callBackUrl"]!.GetValue<string>());
            var input = request.Family == ApiFamily.Market ? (JsonObject)body["input"]! : body;
            Assert.Contains(input, field => field.Value?.ToJsonString().Contains(takes.Prompt == Domain.Conversation.PromptUse.None ? "files.example" : "red fox", StringComparison.Ordinal) == true);
        }
    }

    [Fact]
    public void Without_callbacks_the_families_that_require_one_are_not_offered()
    {
        var pollingOnly = CatalogMenu.From(ShippedCatalogTests.Snapshot, callbacksEnabled: false);
        var requiring = ShippedCatalogTests.Snapshot.Models.Where(m => m.Family.Info().RequiresCallbackUrl).Select(m => m.Id).ToList();
        Assert.NotEmpty(requiring);
        Assert.Contains(requiring, id => Menu.FindById(id) is not null);
        Assert.All(requiring, id => Assert.Null(pollingOnly.FindById(id)));
        Assert.NotEmpty(pollingOnly.ModelsOf(ConversationKind.Image));
    }

    [Theory]
    [InlineData("G7K2QXMNPA-2.1", "G7K2QXMNPA-2", 1)]
    [InlineData("G7K2QXMNPA-10.12", "G7K2QXMNPA-10", 12)]
    public void A_callback_job_key_names_the_request_and_the_attempt(string key, string requestId, int attempt)
    {
        Assert.Equal(key, JobKeys.ForAttempt(requestId, attempt));
        Assert.True(JobKeys.TryParse(key, out var parsedRequest, out var parsedAttempt));
        Assert.Equal((requestId, attempt), (parsedRequest, parsedAttempt));
    }

    [Theory]
    [InlineData("G7K2QXMNPA-2")]
    [InlineData("G7K2QXMNPA-2.0")]
    [InlineData("G7K2QXMNPA-2.x")]
    [InlineData(".3")]
    public void A_job_key_without_a_valid_attempt_is_refused(string key) =>
        Assert.False(JobKeys.TryParse(key, out _, out _));
}
