using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NeuroActors.Actors.Gateway;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Telegram;
using NeuroActors.Telegram;
using NeuroActors.IntegrationTests.Sandbox.TelegramBotApi;

namespace NeuroActors.IntegrationTests.Gateway;

/// <summary>TelegramUpdateSource and the poller singleton against the Bot API sandbox over HTTP.</summary>
public sealed class TelegramPollingTests : IAsyncLifetime
{
    private TelegramSandboxHost _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await TelegramSandboxHost.StartAsync(o => o.GetUpdatesAntiBusyLoop = false);

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Update_source_maps_sandbox_updates_and_the_next_offset_confirms_them()
    {
        var source = new TelegramUpdateSource(_sandbox.CreateBot(retryThreshold: 0));
        var user = await _sandbox.CreateStartedUserAsync("Ann", "ru");
        await _sandbox.Control.SendTextAsync(user, "a red fox");
        await _sandbox.Control.BlockAsync(user);

        var batch = await source.FetchAsync(0, TimeSpan.Zero, CancellationToken.None);
        Assert.Equal(3, batch.Count);
        var updates = batch.Select(b => b.Update!).ToList();
        Assert.Equal([UpdateKind.Text, UpdateKind.Text, UpdateKind.BotBlocked], updates.Select(u => u.Kind));
        Assert.Equal("/start", updates[0].Text);
        Assert.Equal("a red fox", updates[1].Text);
        Assert.All(updates, u => Assert.Equal(user, u.UserId));
        Assert.Equal("ru", updates[0].LanguageCode);
        Assert.Equal(batch.Select(b => b.UpdateId), updates.Select(u => u.UpdateId));

        // Not confirmed yet: the same offset gets the same batch again.
        var again = await source.FetchAsync(0, TimeSpan.Zero, CancellationToken.None);
        Assert.Equal(batch.Select(b => b.UpdateId), again.Select(b => b.UpdateId));

        var next = await source.FetchAsync(batch[^1].UpdateId + 1, TimeSpan.Zero, CancellationToken.None);
        Assert.Empty(next);
        Assert.Equal(0, (await _sandbox.Control.GetStatsAsync()).PendingUpdates);
    }

    [Fact]
    public async Task Poller_singleton_hands_updates_to_the_user_region_and_confirms_them_after_acceptance()
    {
        var script = new ProbeScript();
        using var host = await StartPollerHostAsync(script);
        var user = await _sandbox.CreateStartedUserAsync();

        var start = await script.NextAsync();
        Assert.Equal(user, start.UserId);
        Assert.Equal("/start", start.Update.Text);

        await _sandbox.Control.SendTextAsync(user, "second");
        var second = await script.NextAsync();
        Assert.Equal("second", second.Update.Text);
        Assert.True(second.Update.UpdateId > start.Update.UpdateId);

        // Fetching after "second" confirms it; nothing is delivered twice.
        await WaitForPendingAsync(0);
        Assert.False(script.Seen.Reader.TryRead(out _));
    }

    [Fact]
    public async Task A_batch_the_users_did_not_accept_is_fetched_again_and_delivered_once_more()
    {
        var script = new ProbeScript();
        var user = await _sandbox.CreateStartedUserAsync();
        var pending = await _sandbox.CallAsync("getUpdates", new { timeout = 0 });
        var startId = pending.Json.GetProperty("result")[0].GetProperty("update_id").GetInt64();
        script.SilentOnce[startId] = true;

        using var host = await StartPollerHostAsync(script);

        var first = await script.NextAsync();
        var redelivered = await script.NextAsync();
        Assert.Equal(startId, first.Update.UpdateId);
        Assert.Equal(startId, redelivered.Update.UpdateId);
        Assert.Equal(user, redelivered.UserId);
        await WaitForPendingAsync(0);
    }

    private async Task WaitForPendingAsync(int expected)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if ((await _sandbox.Control.GetStatsAsync()).PendingUpdates == expected) return;
            await Task.Delay(50);
        }

        Assert.Fail($"the sandbox still holds unconfirmed updates (expected {expected})");
    }

    /// <summary>A one-node cluster running the poller singleton against the sandbox, the probe registered as the user region.</summary>
    private async Task<IHost> StartPollerHostAsync(ProbeScript script)
    {
        var options = new PollerOptions(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500));
        var host = new HostBuilder()
            .ConfigureServices(services =>
            {
                services.AddSingleton<IUpdateSource>(new TelegramUpdateSource(_sandbox.CreateBot(retryThreshold: 0)));
                services.AddAkka("poller-test", (akka, _) =>
                {
                    akka.WithRemoting("127.0.0.1", 0)
                        .WithClustering()
                        .WithActors((system, registry) => registry.Register<UserRegion>(system.ActorOf(script.Props(), "users")))
                        .WithTelegramPoller(options)
                        .AddStartup((system, _) => Cluster.Get(system).Join(Cluster.Get(system).SelfAddress));
                });
            })
            .Build();
        await host.StartAsync();
        return new StoppingHost(host);
    }

    /// <summary>Stops the host on dispose, so the poller's last long poll ends before the sandbox goes.</summary>
    private sealed class StoppingHost(IHost inner) : IHost
    {
        public IServiceProvider Services => inner.Services;

        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

        public void Dispose()
        {
            inner.StopAsync().GetAwaiter().GetResult();
            inner.Dispose();
        }
    }
}
