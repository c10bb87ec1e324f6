using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using NeuroActors.Host;

namespace NeuroActors.IntegrationTests.Support;

/// <summary>A whole node in this process, built exactly as the real one, on loopback with free ports.</summary>
public sealed class TestNode : IAsyncDisposable
{
    private TestNode(WebApplication app, StringWriter log)
    {
        App = app;
        Log = log;
    }

    public WebApplication App { get; }

    public StringWriter Log { get; }

    public ActorSystem System => App.Services.GetRequiredService<ActorSystem>();

    public IActorRegistry Registry => App.Services.GetRequiredService<IActorRegistry>();

    public Cluster Cluster => Cluster.Get(System);

    public Uri HttpAddress => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<TestNode> StartAsync(TestDatabase database, TestNode? seed = null, IDictionary<string, string?>? extra = null)
    {
        var configuration = database.Configuration();
        configuration["Http:Urls"] = "http://127.0.0.1:0";
        configuration["Cluster:Port"] = "0";
        configuration["Cluster:Seeds"] = seed?.Cluster.SelfAddress.ToString();
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) configuration[key] = value;

        var log = new StringWriter();
        var app = NodeProgram.Build([], configuration, TextWriter.Synchronized(log));
        await app.StartAsync();
        var node = new TestNode(app, log);
        await node.WaitUntilUpAsync();
        return node;
    }

    public async Task WaitUntilUpAsync()
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cluster.RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Log lines travel through Akka's logger actor after the work they describe is answered, so wait for them.</summary>
    public async Task WaitForLogAsync(string text)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
        while (!Log.ToString().Contains(text, StringComparison.Ordinal))
        {
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"the node never logged \"{text}\"");
            await Task.Delay(50);
        }
    }

    public async Task<T> AskRegionAsync<TRegion, T>(object message)
    {
        var region = await Registry.GetAsync<TRegion>();
        return await region.Ask<T>(message, TimeSpan.FromSeconds(20));
    }

    /// <summary>A graceful stop: the node leaves the cluster, hands its shards off and finishes its persists.</summary>
    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await App.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await App.DisposeAsync();
    }
}
