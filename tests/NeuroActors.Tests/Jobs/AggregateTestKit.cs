using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.TestKit;
using Microsoft.Extensions.Time.Testing;
using NeuroActors.Actors.Jobs;
using NeuroActors.Actors.Serialization;
using NeuroActors.Actors.Users;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Kie;
using NeuroActors.Domain.Telegram;
using NeuroActors.Kie;
using NeuroActors.Tests.Catalog;

namespace NeuroActors.Tests.Jobs;

/// <summary>The actor system of the aggregate tests: our serializer bound as the node binds it, an in-memory journal, a test scheduler.</summary>
internal static class AggregateTestKit
{
    /// <summary>
    /// Mirrors NodeWiring's <c>WithCustomSerializer("neuro", [INeuroMessage])</c>. The in-memory journal is the stock one,
    /// except that every event passes through the serializer it is bound to before it is stored (see
    /// <see cref="RoundTripMemoryJournal"/>), so recovery reads what the real journal would give back. Timers run on the
    /// test scheduler: time moves only when a test advances it.
    /// </summary>
    public const string Config = """
        akka {
          loglevel = WARNING
          test.single-expect-default = 10s # the build machine is shared: a slow answer is not a wrong one
          scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
          actor {
            serializers.neuro = "NeuroActors.Actors.Serialization.NeuroSerializer, NeuroActors.Actors"
            serialization-bindings {
              "NeuroActors.Actors.Serialization.INeuroMessage, NeuroActors.Actors" = neuro
            }
          }
          persistence {
            journal.plugin = "akka.persistence.journal.inmem"
            journal.inmem.class = "NeuroActors.Tests.Jobs.RoundTripMemoryJournal, NeuroActors.Tests"
            snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
          }
        }
        """;

    public static readonly DateTimeOffset Start = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<CatalogHolder> Catalog = new(() => new CatalogHolder(ShippedCatalogTests.Snapshot));

    /// <summary>The shipped catalogue, as the node serves it (callbacks on).</summary>
    public static MenuSource Menu() => new(Catalog.Value);

    public static FakeTimeProvider Clock() => new(Start);
}

/// <summary>The in-memory journal, storing each event as the serializer bound to it writes and reads it back.</summary>
public sealed class RoundTripMemoryJournal : MemoryJournal
{
    private readonly Akka.Serialization.Serialization _serialization = Context.System.Serialization;

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken) =>
        base.WriteMessagesAsync(messages.Select(RoundTrip).ToArray(), cancellationToken);

    private AtomicWrite RoundTrip(AtomicWrite write)
    {
        var persistents = (IImmutableList<IPersistentRepresentation>)write.Payload;
        return new AtomicWrite(persistents.Select(p => p.WithPayload(RoundTrip(p.Payload))).ToImmutableList());
    }

    private object RoundTrip(object payload)
    {
        var serializer = _serialization.FindSerializerFor(payload);
        if (serializer is not NeuroSerializer neuro)
        {
            throw new InvalidOperationException($"{payload.GetType().Name} is not bound to the neuro serializer but to {serializer.GetType().Name}");
        }

        return neuro.FromBinary(neuro.ToBinary(payload), neuro.Manifest(payload));
    }
}

/// <summary>Stands in for a shard: hosts one entity, forwards to it, and on the entity's Passivate stops it and says so.</summary>
internal sealed class EntityHost : ReceiveActor
{
    public EntityHost(Props entity, IActorRef passivations)
    {
        var child = Context.ActorOf(entity, "entity");
        Receive<Akka.Cluster.Sharding.Passivate>(_ => Sender.Equals(child), passivate =>
        {
            Context.Stop(child);
            passivations.Tell(new Passivated(child.Path.ToString()));
        });
        ReceiveAny(message => child.Forward(message));
    }

    public sealed record Passivated(string Path);
}

/// <summary>
/// A scripted KIE: each createTask is handed to the test as a <see cref="PendingSubmit"/> (on the submits probe), and
/// answers only when the test says how. Status queries answer "still running" unless the test scripts otherwise.
/// </summary>
internal sealed class ScriptedKieGateway : IKieGateway, IDisposable
{
    private readonly IActorRef _submits;
    private readonly FakeTimeProvider _clock;
    private int _submitCount;

    public ScriptedKieGateway(IActorRef submits, FakeTimeProvider clock)
    {
        _submits = submits;
        _clock = clock;
        Pool = new KieKeyPool([], KiePacingLimits.Default, clock);
    }

    public KieKeyPool Pool { get; }

    public int SubmitCount => Volatile.Read(ref _submitCount);

    public ConcurrentQueue<(ApiFamily Family, string TaskId, KieKeyId KeyId)> Polls { get; } = new();

    public Task<KieResult<KieSubmittedTask>> SubmitAsync(KieCreateRequest request, IProgress<KieQueuePosition>? queue = null, CancellationToken cancellationToken = default)
    {
        var submit = new PendingSubmit(Interlocked.Increment(ref _submitCount), request, _clock, cancellationToken);
        _submits.Tell(submit);
        return submit.Answer;
    }

    public Task<KieResult<KieTaskOutcome>> GetTaskAsync(ApiFamily family, string taskId, KieKeyId keyId, CancellationToken cancellationToken = default)
    {
        Polls.Enqueue((family, taskId, keyId));
        return Task.FromResult(KieResult.Ok(new KieTaskOutcome(family, taskId, KieTaskPhase.Pending, "generating", [])));
    }

    public Task<KieResult<decimal>> GetCreditsAsync(KieKeyId? keyId = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(KieResult.Ok(100m));

    public Task<KieResult<Uri>> GetDownloadUrlAsync(string kieFileUrl, KieKeyId? keyId = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(KieResult.Ok(new Uri(kieFileUrl)));

    public Task<KieResult<KieUploadedFile>> UploadBase64Async(KieBase64Upload upload, CancellationToken cancellationToken = default) =>
        Task.FromResult(Uploaded(upload.FileName ?? "upload"));

    public Task<KieResult<KieUploadedFile>> UploadStreamAsync(Stream content, string uploadPath, string fileName, string? contentType = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Uploaded(fileName));

    public Task<KieResult<KieUploadedFile>> UploadFromUrlAsync(string fileUrl, string uploadPath, string? fileName = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Uploaded(fileName ?? "upload"));

    public void Dispose() => Pool.Dispose();

    private KieResult<KieUploadedFile> Uploaded(string fileName) =>
        KieResult.Ok(new KieUploadedFile(fileName, "inputs/" + fileName, "http://files.test/inputs/" + fileName, 1, "image/png", _clock.GetUtcNow()));
}

/// <summary>One createTask call, waiting for the test's answer.</summary>
internal sealed class PendingSubmit(int number, KieCreateRequest request, FakeTimeProvider clock, CancellationToken cancel)
{
    private readonly TaskCompletionSource<KieResult<KieSubmittedTask>> _answer = new();

    public int Number => number;

    public KieCreateRequest Request => request;

    public Task<KieResult<KieSubmittedTask>> Answer => _answer.Task;

    /// <summary>The job gave up this call's wait for a key (cancelled its token).</summary>
    public bool WaitCancelled => cancel.IsCancellationRequested;

    public void Succeed(string taskId) =>
        _answer.SetResult(KieResult.Ok(new KieSubmittedTask(request.Family, taskId, new KieKeyId("key-a"), clock.GetUtcNow())));

    public void Fail(KieFailureEvidence evidence) => _answer.SetResult(KieResult.Fail<KieSubmittedTask>(KieFailure.From(evidence, new KieKeyId("key-a"))));

    /// <summary>Waits for a free key until the caller cancels, then throws as the real pool does.</summary>
    public void HoldUntilCancelled() =>
        cancel.Register(() => _answer.TrySetException(new OperationCanceledException("the wait for a key was cancelled", cancel)));
}

/// <summary>Telegram's files, by id: every file is there.</summary>
internal sealed class FakeTelegramFiles : ITelegramFileSource
{
    public ConcurrentQueue<string> Downloads { get; } = new();

    public Task<TelegramFileContent> DownloadAsync(string fileId, CancellationToken cancel)
    {
        Downloads.Enqueue(fileId);
        return Task.FromResult(new TelegramFileContent([1, 2, 3], fileId + ".png", "image/png"));
    }
}

internal static class TestSchedulerExtensions
{
    /// <summary>Moves both clocks: the actors' timers (test scheduler) and their notion of now (fake time provider).</summary>
    public static void Advance(this TestKitBase kit, FakeTimeProvider clock, TimeSpan by)
    {
        clock.Advance(by);
        ((TestScheduler)kit.Sys.Scheduler).Advance(by);
    }
}
