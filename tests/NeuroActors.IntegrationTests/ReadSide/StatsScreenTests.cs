using Akka.Actor;
using Akka.Hosting;
using NeuroActors.Actors.ReadSide;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;
using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.IntegrationTests.ReadSide;

/// <summary>The metrics screen through the sandbox's Bot API: a chart photo with the figures in its caption, and a refresh that edits it in place.</summary>
public sealed class StatsScreenTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task ShowStats_sends_the_admin_a_chart_photo_with_the_figures_and_a_refresh_edits_the_same_message(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort(), new Dictionary<string, string?> { ["Credits:Welcome"] = "50" });
        var admin = await FlowUser.CreateAsync(sandbox, "Boss", id: FlowUser.AdminId);
        await admin.StartAsync();
        var ann = await FlowUser.CreateAsync(sandbox, "Ann");
        await ann.StartAsync();
        var order = await ann.OrderAsync(MediaKind.Image, HappyPathTests.ImageModel, "a red fox", 1);
        await ann.WaitForClosingAsync(order);
        await ProjectionTests.EventuallyAsync(async () => await ProjectionTests.OutcomeAsync(database, order + "-1") == "done", "the generation is projected");

        var reporter = await node.Registry.GetAsync<StatsReporterKey>();
        reporter.Tell(new ShowStats(admin.Id, Language.English, null));
        var photo = await sandbox.Telegram.WaitForMessageAsync(admin.Id, m => m.Media?.Kind == "photo", FlowUser.Patience);

        Assert.StartsWith("📈 Metrics", photo.PlainText, StringComparison.Ordinal);
        Assert.Contains("Users: new 2 · active 2", photo.PlainText, StringComparison.Ordinal);
        Assert.Contains("Generations: done 1 · failed 0 · cancelled 0 · success 100%", photo.PlainText, StringComparison.Ordinal);
        Assert.Contains("Top models: " + HappyPathTests.ImageModel + " 1", photo.PlainText, StringComparison.Ordinal);
        Assert.Contains("jobs in flight: 0", photo.PlainText, StringComparison.Ordinal);
        var refresh = Assert.Single(photo.Buttons);
        Assert.Equal(new CallbackAction.Admin(AdminCommand.RefreshMetrics, 0), FlowUser.Action(refresh));
        var png = await sandbox.Telegram.DownloadMediaAsync(photo.Media!);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);

        // The refresh (here in Russian) replaces the photo and its caption in the same message.
        reporter.Tell(new ShowStats(admin.Id, Language.Russian, photo.MessageId));
        var edit = await sandbox.Telegram.WaitForChangeAsync(admin.Id, c => c.Kind == ChatChangeKinds.Edit && c.Message?.MessageId == photo.MessageId, FlowUser.Patience);
        var edited = edit.Message!;
        Assert.Equal("photo", edited.Media?.Kind);
        Assert.NotEqual(photo.Media!.FileId, edited.Media!.FileId);
        Assert.StartsWith("📈 Метрики", edited.PlainText, StringComparison.Ordinal);
        Assert.Equal("🔄 Обновить", Assert.Single(edited.Buttons).Text);
        var messages = await sandbox.Telegram.GetBotMessagesAsync(admin.Id);
        Assert.Single(messages, m => m.Media?.Kind == "photo");
    }
}
