using System.Collections.Concurrent;
using System.Threading.Channels;
using Akka.Actor;
using NeuroActors.Actors.Users;

namespace NeuroActors.IntegrationTests.Gateway;

/// <summary>
/// Stands in for the user shard region: records every HandleUpdate and answers UpdateAccepted unless the test said to
/// stay silent for that update id (once per id), or holds the answer until a gate opens.
/// </summary>
internal sealed class ProbeRegion : ReceiveActor
{
    public ProbeRegion(ProbeScript script)
    {
        ReceiveAsync<HandleUpdate>(async handle =>
        {
            var sender = Sender;
            await script.Seen.Writer.WriteAsync(handle);
            if (script.SilentOnce.TryRemove(handle.Update.UpdateId, out _)) return;
            if (script.Gate is { } gate)
            {
                // Answer later without holding the mailbox, as a slow journal would.
                _ = gate.Task.ContinueWith(_ => sender.Tell(new UpdateAccepted(handle.Update.UpdateId, false)), TaskScheduler.Default);
                return;
            }

            sender.Tell(new UpdateAccepted(handle.Update.UpdateId, false));
        });
    }
}

internal sealed class ProbeScript
{
    public Channel<HandleUpdate> Seen { get; } = Channel.CreateUnbounded<HandleUpdate>();

    /// <summary>Update ids not to answer the first time they arrive.</summary>
    public ConcurrentDictionary<long, bool> SilentOnce { get; } = new();

    /// <summary>When set, answers wait until it completes.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public Props Props() => Akka.Actor.Props.Create(() => new ProbeRegion(this));

    public async Task<HandleUpdate> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        return await Seen.Reader.ReadAsync(cancel.Token);
    }

    /// <summary>Nothing more arrives within the window (used only to show that something did NOT happen).</summary>
    public async Task AssertNothingMoreAsync(TimeSpan window)
    {
        using var cancel = new CancellationTokenSource(window);
        try
        {
            var extra = await Seen.Reader.ReadAsync(cancel.Token);
            Assert.Fail($"unexpected HandleUpdate for update {extra.Update.UpdateId}");
        }
        catch (OperationCanceledException)
        {
        }
    }
}
