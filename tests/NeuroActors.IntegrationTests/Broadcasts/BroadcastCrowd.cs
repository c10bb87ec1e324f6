using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Actors.Broadcasts;
using NeuroActors.Actors.ReadSide;
using NeuroActors.Domain.Broadcasts;
using NeuroActors.Domain.Texts;
using NeuroActors.IntegrationTests.Flow;
using NeuroActors.IntegrationTests.Support;

namespace NeuroActors.IntegrationTests.Broadcasts;

/// <summary>What the broadcast tests share: a crowd of sandbox users who started the bot, a start, and counting who got what.</summary>
internal static class BroadcastCrowd
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>The admin (in <c>Admin:TelegramIds</c>) and <paramref name="count"/> users, each after /start.</summary>
    public static async Task<(FlowUser Admin, IReadOnlyList<FlowUser> Users)> StartAsync(FlowSandbox sandbox, int count)
    {
        var admin = await FlowUser.CreateAsync(sandbox, "Admin", id: FlowUser.AdminId);
        await admin.StartAsync();
        using var gate = new SemaphoreSlim(8);
        var users = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var user = await FlowUser.CreateAsync(sandbox, "Reader" + i.ToString(CultureInfo.InvariantCulture), i % 2 == 0 ? "en" : "ru");
                await user.StartAsync();
                return user;
            }
            finally
            {
                gate.Release();
            }
        }));
        return (admin, users);
    }

    /// <summary>Until the read side lists everyone who started the bot (the projection trails the journal).</summary>
    public static async Task<IReadOnlyList<long>> WaitForAudienceAsync(TestNode node, int count)
    {
        var queries = node.App.Services.GetRequiredService<IReadSideQueries>();
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            var audience = await queries.AudienceAsync(BroadcastAudience.All, DateTimeOffset.UtcNow, CancellationToken.None);
            if (audience.Count >= count) return audience;
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"the read side lists {audience.Count} of {count} users");
            await Task.Delay(200);
        }
    }

    public static StartBroadcast Start(long broadcastId, string marker) =>
        new(broadcastId, FlowUser.AdminId, FlowUser.AdminId, Language.English, new BroadcastContent($"<b>News</b> {marker}", null), BroadcastAudience.All);

    public static async Task<BroadcastStatus> StatusAsync(TestNode node, long broadcastId) =>
        await node.AskRegionAsync<BroadcastRegion, BroadcastStatus>(new GetBroadcastStatus(broadcastId));

    /// <summary>Asks until the broadcast's status meets <paramref name="condition"/>; a question lost while the entity moves is asked again.</summary>
    public static async Task<BroadcastStatus> WaitForStatusAsync(TestNode node, long broadcastId, Func<BroadcastStatus, bool> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        BroadcastStatus? last = null;
        while (true)
        {
            try
            {
                last = await StatusAsync(node, broadcastId);
                if (condition(last)) return last;
            }
            catch (Akka.Actor.AskTimeoutException)
            {
                // the entity is moving to another node
            }

            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"broadcast {broadcastId}: {what}; last status {last}");
            await Task.Delay(200);
        }
    }

    /// <summary>How many copies carrying <paramref name="marker"/> each chat got.</summary>
    public static async Task<Dictionary<long, int>> CopiesAsync(FlowSandbox sandbox, IEnumerable<long> chatIds, string marker)
    {
        var copies = new Dictionary<long, int>();
        foreach (var chatId in chatIds)
        {
            var messages = await sandbox.Telegram.GetBotMessagesAsync(chatId);
            copies[chatId] = messages.Count(m => (m.Text ?? m.Caption ?? string.Empty).Contains(marker, StringComparison.Ordinal));
        }

        return copies;
    }
}
