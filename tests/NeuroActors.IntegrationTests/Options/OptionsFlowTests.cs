using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Sandbox.TelegramBotApi;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.Options;

/// <summary>Options chosen in the chat reach the simulated KIE, and the charge is the price the chat showed.</summary>
public sealed class OptionsFlowTests
{
    private const string VideoModel = "kling/v2-5-turbo-text-to-video-pro";
    private const string ImageModel = "nano-banana-pro";
    private const string CheapImageModel = "google/nano-banana";
    private const string PhotoToVideoModel = "kling-2.6/image-to-video";

    private static Dictionary<string, string?> Credits(int welcome) => new() { ["Credits:Welcome"] = welcome.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_video_ordered_at_16_9_and_10_seconds_reaches_KIE_with_them_and_is_charged_the_price_shown(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), Credits(100));
        var model = OptionSteps.MenuModelOf(node, VideoModel);
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();

        var variants = await ann.ToVariantsAsync(MediaKind.Video, VideoModel, "a fox running through snow at dawn");
        Assert.Contains(variants.Buttons, b => b.Text.Contains("5 s", StringComparison.Ordinal) && FlowUser.Action(b) is CallbackAction.OpenOption);
        variants = await ann.ChooseOptionAsync(variants, model, "aspect_ratio", "16:9");
        variants = await ann.ChooseOptionAsync(variants, model, "duration", "10");
        Assert.Contains("16:9 · 10 s", variants.PlainText, StringComparison.Ordinal);
        var confirmation = await ann.ChooseVariantsAsync(variants, 1);
        var shown = OptionSteps.ShownTotal(confirmation);
        Assert.NotEqual(model.Price, shown);
        Assert.Contains("10 s", confirmation.PlainText, StringComparison.Ordinal);

        var orderId = await ann.ConfirmAsync(confirmation);
        var messages = await ann.WaitForClosingAsync(orderId);

        Assert.Single(messages, m => m.Media?.Kind == "video");
        var task = Assert.Single(await sandbox.Kie.GetTasksAsync(VideoModel));
        Assert.Equal("16:9", task.Input!["aspect_ratio"]!.GetValue<string>());
        Assert.Equal("10", task.Input["duration"]!.GetValue<string>());
        var state = await ann.SettledStateAsync(node);
        Assert.Equal(100 - shown, state.Balance);
    }

    [Fact]
    public async Task An_image_at_4K_is_priced_by_its_tier_and_KIE_is_asked_for_4K()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), Credits(100));
        var model = OptionSteps.MenuModelOf(node, ImageModel);
        var fourK = model.PriceOf!(OptionChoices.From(model.Options.Select(o => KeyValuePair.Create(o.Name, o.Name == "resolution" ? "4K" : o.Default))));
        Assert.NotEqual(model.Price, fourK);
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();

        var variants = await ann.ToVariantsAsync(MediaKind.Image, ImageModel, "a lighthouse in a storm, oil painting");
        variants = await ann.ChooseOptionAsync(variants, model, "resolution", "4K");
        var confirmation = await ann.ChooseVariantsAsync(variants, 3);
        Assert.Equal(fourK * 3, OptionSteps.ShownTotal(confirmation));
        var orderId = await ann.ConfirmAsync(confirmation);
        await ann.WaitForClosingAsync(orderId);

        var tasks = await sandbox.Kie.GetTasksAsync(ImageModel);
        Assert.Equal(3, tasks.Count);
        Assert.All(tasks, t => Assert.Equal("4K", t.Input!["resolution"]!.GetValue<string>()));
        var state = await ann.SettledStateAsync(node);
        Assert.Equal(100 - (fourK * 3), state.Balance);
    }

    [Fact]
    public async Task Five_variants_arrive_as_one_album()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), Credits(100));
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();

        var orderId = await ann.OrderAsync(MediaKind.Image, CheapImageModel, "five paper boats on a pond", 5);
        var messages = await ann.WaitForClosingAsync(orderId);

        var photos = messages.Where(m => m.Media?.Kind == "photo").ToList();
        Assert.Equal(5, photos.Count);
        Assert.NotNull(photos[0].MediaGroupId);
        Assert.All(photos, p => Assert.Equal(photos[0].MediaGroupId, p.MediaGroupId));
        Assert.Equal(5, (await sandbox.Kie.GetTasksAsync(CheapImageModel)).Count);
    }

    [Fact]
    public async Task A_photo_brought_to_life_arrives_as_a_video()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), Credits(100));
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();

        var card = await ann.OpenModelCardAsync(MediaKind.Video, PhotoToVideoModel);
        await sandbox.Telegram.SendPhotoAsync(ann.Id, TestMedia.Png(64, 48), caption: "the waves start to move");
        var variants = await ann.VariantChoiceAfterAsync(card.MessageId);
        var orderId = await ann.ConfirmAsync(await ann.ChooseVariantsAsync(variants, 1));
        var messages = await ann.WaitForClosingAsync(orderId);

        var video = Assert.Single(messages, m => m.Media is not null);
        Assert.Equal("video", video.Media!.Kind);
        var task = Assert.Single(await sandbox.Kie.GetTasksAsync(PhotoToVideoModel));
        Assert.Single(task.Input!["image_urls"]!.AsArray());
    }
}
