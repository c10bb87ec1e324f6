using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.Broadcasts;
using NeuroActors.Actors.ReadSide;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Broadcasts;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;
using Xunit.Abstractions;

namespace NeuroActors.IntegrationTests.Broadcasts;

/// <summary>A broadcast on a real node through the sandbox: everyone gets it once, a 403 is counted and remembered.</summary>
public sealed class BroadcastTests(ITestOutputHelper output)
{
    private const int Readers = 200;

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_broadcast_to_200_users_reaches_each_once_counts_a_403_as_blocked_and_the_next_audience_skips_that_user(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort());
        var (admin, users) = await BroadcastCrowd.StartAsync(sandbox, Readers);
        var audience = await BroadcastCrowd.WaitForAudienceAsync(node, Readers + 1);

        const long broadcastId = 424242;
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        var region = await node.Registry.GetAsync<BroadcastRegion>();
        region.Tell(BroadcastCrowd.Start(broadcastId, marker), Akka.Actor.ActorRefs.NoSender);
        region.Tell(BroadcastCrowd.Start(broadcastId, marker), Akka.Actor.ActorRefs.NoSender); // a double-tapped confirm
        await BroadcastCrowd.WaitForStatusAsync(node, broadcastId, s => s.ProgressMessageId is not null, "its progress message is posted");
        // The next copy Telegram is asked to send is refused as if its user had blocked the bot.
        await sandbox.Telegram.InjectFaultAsync("sendMessage", 403, "Forbidden: bot was blocked by the user");

        var status = await BroadcastCrowd.WaitForStatusAsync(node, broadcastId, s => s.Phase == BroadcastPhase.Finished, "it finishes");
        Assert.Equal(new BroadcastTally(Readers + 1, Readers, 0, 1, 0), status.Tally);

        var copies = await BroadcastCrowd.CopiesAsync(sandbox, audience, marker);
        var refused = Assert.Single(copies, c => c.Value == 0).Key;
        Assert.All(copies.Where(c => c.Key != refused), c => Assert.Equal(1, c.Value));
        output.WriteLine($"{provider}: {status.Tally.Sent} sent, user {refused} refused (403)");

        // The 403 reached the user: recorded as blocked, so the read side leaves them out of the next audience.
        Assert.True((await node.AskRegionAsync<UserRegion, UserStateReply>(new GetUserState(refused))).Blocked);
        var next = await WaitForAsync(
            () => node.App.Services.GetRequiredService<IReadSideQueries>().AudienceAsync(BroadcastAudience.All, DateTimeOffset.UtcNow, CancellationToken.None),
            a => a.Count == Readers && !a.Contains(refused));
        Assert.Contains(admin.Id, next);

        // The progress message was edited in place to its final counts, without buttons; there is only one.
        var progress = Assert.Single(await sandbox.Telegram.GetBotMessagesAsync(admin.Id), m => m.MessageId == status.ProgressMessageId);
        Assert.Contains($"{Readers + 1} of {Readers + 1} done", progress.PlainText ?? progress.Text, StringComparison.Ordinal);
        Assert.Contains("Blocked the bot: 1", progress.PlainText ?? progress.Text, StringComparison.Ordinal);
        Assert.True(progress.InlineKeyboard is null or { Count: 0 });
        Assert.Single(await sandbox.Telegram.GetBotMessagesAsync(admin.Id), m => (m.Text ?? string.Empty).Contains($"#{broadcastId.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal));
        Assert.NotEmpty(users);
    }

    [Fact]
    public async Task A_photo_an_admin_sent_is_broadcast_by_its_telegram_file_id_with_its_caption()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort());
        var (admin, users) = await BroadcastCrowd.StartAsync(sandbox, 3);
        var audience = await BroadcastCrowd.WaitForAudienceAsync(node, 4);
        var sent = await sandbox.Telegram.SendPhotoAsync(admin.Id, FlowSteps.TinyPng, "a photo to share");
        var photo = (await sandbox.Telegram.GetTranscriptAsync(admin.Id)).Messages.Single(m => m.MessageId == sent.MessageId).Media!;

        const long broadcastId = 515151;
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        var region = await node.Registry.GetAsync<BroadcastRegion>();
        region.Tell(BroadcastCrowd.Start(broadcastId, marker) with { Content = new Domain.Broadcasts.BroadcastContent($"<i>Look</i> {marker}", photo.FileId) }, Akka.Actor.ActorRefs.NoSender);
        var status = await BroadcastCrowd.WaitForStatusAsync(node, broadcastId, s => s.Phase == BroadcastPhase.Finished, "it finishes");

        Assert.Equal(new BroadcastTally(4, 4, 0, 0, 0), status.Tally);
        foreach (var user in users)
        {
            var copy = Assert.Single(await sandbox.Telegram.GetBotMessagesAsync(user.Id), m => (m.Caption ?? string.Empty).Contains(marker, StringComparison.Ordinal));
            Assert.Equal("photo", copy.Media?.Kind);
            Assert.StartsWith("Look ", copy.PlainText, StringComparison.Ordinal); // the caption went as HTML
        }

        Assert.Equal(4, (await BroadcastCrowd.CopiesAsync(sandbox, audience, marker)).Values.Sum());
    }

    [Fact]
    public async Task The_operator_api_shows_a_broadcast_and_its_switches_change_nothing_once_it_is_over()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using var sandbox = await FlowSandbox.StartAsync();
        await using var node = await sandbox.StartNodeAsync(database, FlowSandbox.FreePort());
        using var http = new HttpClient { BaseAddress = new Uri(node.HttpAddress, "/operator/v1/"), Timeout = TimeSpan.FromSeconds(60) };
        await BroadcastCrowd.StartAsync(sandbox, 2);
        await BroadcastCrowd.WaitForAudienceAsync(node, 3);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync("broadcasts/616161")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.PostAsync("broadcasts/616161/stop", null)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await http.GetAsync("broadcasts/abc")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await http.PostAsync("broadcasts/616161/faster", null)).StatusCode);

        var region = await node.Registry.GetAsync<BroadcastRegion>();
        region.Tell(BroadcastCrowd.Start(616161, "marker-" + Guid.NewGuid().ToString("N")), Akka.Actor.ActorRefs.NoSender);
        await BroadcastCrowd.WaitForStatusAsync(node, 616161, s => s.Phase == BroadcastPhase.Finished, "it finishes");

        var shown = await JsonAsync(await http.GetAsync("broadcasts/616161"));
        Assert.Equal(("finished", 3, 3, 0), (shown.GetProperty("phase").GetString(), shown.GetProperty("total").GetInt32(), shown.GetProperty("sent").GetInt32(), shown.GetProperty("blocked").GetInt32()));
        var paused = await JsonAsync(await http.PostAsync("broadcasts/616161/pause", null));
        Assert.Equal("finished", paused.GetProperty("phase").GetString());
    }

    private static async Task<System.Text.Json.JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> ask, Func<T, bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow + BroadcastCrowd.Patience;
        while (true)
        {
            var answer = await ask();
            if (condition(answer)) return answer;
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException("condition not met: " + answer);
            await Task.Delay(200);
        }
    }
}
