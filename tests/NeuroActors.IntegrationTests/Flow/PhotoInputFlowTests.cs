using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.IntegrationTests.Sandbox.TelegramBotApi;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.Flow;

public sealed class PhotoInputFlowTests
{
    private const string EditModel = "google/nano-banana-edit";

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_photo_with_its_prompt_as_caption_goes_to_KIE_through_its_file_host_and_the_edit_comes_back(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort());
        var ann = await FlowUser.CreateAsync(sandbox);
        await ann.StartAsync();

        var card = await ann.OpenModelCardAsync(MediaKind.Image, EditModel);
        Assert.Contains("photo", card.PlainText, StringComparison.OrdinalIgnoreCase);

        var photo = TestMedia.Png(64, 48);
        await sandbox.Telegram.SendPhotoAsync(ann.Id, photo, caption: "make it look like winter");
        await ann.WaitUntilAsync(m => m[^1].Buttons.Any(b => FlowUser.Action(b) is CallbackAction.ChooseVariants), what: "the variant choice");
        var tap = await ann.TapAsync(a => a is CallbackAction.ChooseVariants { Variants: 1 });
        await ann.WaitUntilAsync(m => m.Any(x => x.MessageId == tap.MessageId && x.Buttons.Any(b => FlowUser.Action(b) is CallbackAction.Confirm)), what: "the confirmation");
        await ann.GenerateAsync();

        var messages = await ann.WaitUntilAsync(m => m.Any(x => x.Media?.Kind == "photo"), what: "the result");
        var uploads = await sandbox.Kie.GetUploadsAsync();
        var upload = Assert.Single(uploads);
        Assert.Equal(photo.Length, upload.FileSize);
        var task = Assert.Single(await sandbox.Kie.GetTasksAsync(EditModel));
        Assert.Equal("make it look like winter", task.Prompt);
        var imageUrls = task.Input!["image_urls"]!.AsArray().Select(u => u!.GetValue<string>()).ToList();
        Assert.Single(imageUrls);
        Assert.Contains(upload.FileName, imageUrls[0], StringComparison.Ordinal);
        Assert.DoesNotContain(FlowSandbox.BotToken, task.Request.ToJsonString(), StringComparison.Ordinal);
        Assert.Single(messages, x => x.Media?.Kind == "photo");
    }
}
