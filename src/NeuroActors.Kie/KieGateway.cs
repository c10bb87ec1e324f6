using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Kie;

namespace NeuroActors.Kie;

/// <summary>
/// What a job calls: KIE through the key pool. Every method waits its turn for a paced key, makes one call, tells the
/// pool how KIE answered, and returns a value or a classified failure.
/// </summary>
public interface IKieGateway
{
    /// <summary>The key pool (reports, queue peeks, re-enabling a key, the admin alert).</summary>
    KieKeyPool Pool { get; }

    /// <summary>
    /// Creates a task with whichever key is free. When KIE refuses the key itself (401, 402, 429, 433: nothing was
    /// created), the same request moves to another usable key at once. <paramref name="queue"/> hears the caller's place
    /// in line while it waits. Keep the returned <see cref="KieSubmittedTask.KeyId"/>: status queries must use it.
    /// <paramref name="cancellationToken"/> cancels only the wait for a key (it throws then, and nothing was created).
    /// </summary>
    Task<KieResult<KieSubmittedTask>> SubmitAsync(KieCreateRequest request, IProgress<KieQueuePosition>? queue = null, CancellationToken cancellationToken = default);

    /// <summary>Where a task stands, asked with the key that created it.</summary>
    Task<KieResult<KieTaskOutcome>> GetTaskAsync(ApiFamily family, string taskId, KieKeyId keyId, CancellationToken cancellationToken = default);

    /// <summary>A key's account balance; any usable key when <paramref name="keyId"/> is null.</summary>
    Task<KieResult<decimal>> GetCreditsAsync(KieKeyId? keyId = null, CancellationToken cancellationToken = default);

    /// <summary>A 20-minute download link for a result URL KIE made.</summary>
    Task<KieResult<Uri>> GetDownloadUrlAsync(string kieFileUrl, KieKeyId? keyId = null, CancellationToken cancellationToken = default);

    Task<KieResult<KieUploadedFile>> UploadBase64Async(KieBase64Upload upload, CancellationToken cancellationToken = default);

    Task<KieResult<KieUploadedFile>> UploadStreamAsync(Stream content, string uploadPath, string fileName, string? contentType = null, CancellationToken cancellationToken = default);

    Task<KieResult<KieUploadedFile>> UploadFromUrlAsync(string fileUrl, string uploadPath, string? fileName = null, CancellationToken cancellationToken = default);
}

public static class KieGatewayExtensions
{
    public static Task<KieResult<KieTaskOutcome>> GetTaskAsync(this IKieGateway gateway, KieSubmittedTask task, CancellationToken cancellationToken = default) =>
        gateway.GetTaskAsync(task.Family, task.TaskId, task.KeyId, cancellationToken);
}

public sealed class KieGateway : IKieGateway
{
    private readonly KieApiClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public KieGateway(KieApiClient client, KieKeyPool pool, TimeProvider? time = null, ILogger<KieGateway>? logger = null)
    {
        _client = client;
        Pool = pool;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public KieKeyPool Pool { get; }

    public async Task<KieResult<KieSubmittedTask>> SubmitAsync(KieCreateRequest request, IProgress<KieQueuePosition>? queue = null, CancellationToken cancellationToken = default)
    {
        // Each key may refuse once (and a cooled key may get one more try after its rest); never loop forever.
        var attemptsLeft = Pool.KeyIds.Count + 1;
        while (true)
        {
            var lease = await Pool.AcquireAsync(KieWorkKind.Create, null, queue, cancellationToken);
            if (!lease.IsSuccess)
            {
                return KieResult.Fail<KieSubmittedTask>(lease.Failure);
            }

            var key = lease.Value.Key;
            KieResult<string> created;
            using (lease.Value)
            {
                // Report before the lease frees its slot, so that no waiter gets a key KIE just refused.
                // Cancelling means "stop waiting for a key": a create already on its way runs to its answer, so a
                // cancelled submit never leaves a paid task behind that nobody knows about.
                created = await _client.CreateTaskAsync(key, request, CancellationToken.None);
                if (!created.IsSuccess)
                {
                    Pool.Report(key.Id, KieWorkKind.Create, created.Failure);
                }
            }

            if (created.IsSuccess)
            {
                return KieResult.Ok(new KieSubmittedTask(request.Family, created.Value, key.Id, _time.GetUtcNow()));
            }

            attemptsLeft--;
            if (!created.Failure.Classification.RetryOnAnotherKey || attemptsLeft <= 0 || !Pool.HasUsableKey(KieWorkKind.Create))
            {
                return KieResult.Fail<KieSubmittedTask>(created.Failure);
            }

            _logger.LogInformation("KIE refused key {KeyId} ({Rule}); the create moves to another key", key.Id, created.Failure.Classification.Rule);
        }
    }

    public async Task<KieResult<KieTaskOutcome>> GetTaskAsync(ApiFamily family, string taskId, KieKeyId keyId, CancellationToken cancellationToken = default)
    {
        var lease = await Pool.AcquireAsync(KieWorkKind.Query, keyId, null, cancellationToken);
        if (!lease.IsSuccess)
        {
            return KieResult.Fail<KieTaskOutcome>(lease.Failure);
        }

        KieResult<KieTaskOutcome> result;
        using (lease.Value)
        {
            result = await _client.GetTaskAsync(lease.Value.Key, family, taskId, cancellationToken);
            if (!result.IsSuccess)
            {
                Pool.Report(keyId, KieWorkKind.Query, result.Failure);
            }
        }

        return result;
    }

    public Task<KieResult<decimal>> GetCreditsAsync(KieKeyId? keyId = null, CancellationToken cancellationToken = default) =>
        WithKey(KieWorkKind.Query, keyId, (key, ct) => _client.GetCreditsAsync(key, ct), cancellationToken);

    public Task<KieResult<Uri>> GetDownloadUrlAsync(string kieFileUrl, KieKeyId? keyId = null, CancellationToken cancellationToken = default) =>
        WithKey(KieWorkKind.Other, keyId, (key, ct) => _client.GetDownloadUrlAsync(key, kieFileUrl, ct), cancellationToken);

    public Task<KieResult<KieUploadedFile>> UploadBase64Async(KieBase64Upload upload, CancellationToken cancellationToken = default) =>
        WithKey(KieWorkKind.Other, null, (key, ct) => _client.UploadBase64Async(key, upload, ct), cancellationToken);

    public Task<KieResult<KieUploadedFile>> UploadStreamAsync(Stream content, string uploadPath, string fileName, string? contentType = null, CancellationToken cancellationToken = default) =>
        WithKey(KieWorkKind.Other, null, (key, ct) => _client.UploadStreamAsync(key, content, uploadPath, fileName, contentType, ct), cancellationToken);

    public Task<KieResult<KieUploadedFile>> UploadFromUrlAsync(string fileUrl, string uploadPath, string? fileName = null, CancellationToken cancellationToken = default) =>
        WithKey(KieWorkKind.Other, null, (key, ct) => _client.UploadFromUrlAsync(key, fileUrl, uploadPath, fileName, ct), cancellationToken);

    private async Task<KieResult<T>> WithKey<T>(
        KieWorkKind kind,
        KieKeyId? keyId,
        Func<KieApiKey, CancellationToken, Task<KieResult<T>>> call,
        CancellationToken cancellationToken)
    {
        var lease = await Pool.AcquireAsync(kind, keyId, null, cancellationToken);
        if (!lease.IsSuccess)
        {
            return KieResult.Fail<T>(lease.Failure);
        }

        KieResult<T> result;
        using (lease.Value)
        {
            result = await call(lease.Value.Key, cancellationToken);
            if (!result.IsSuccess)
            {
                Pool.Report(lease.Value.KeyId, kind, result.Failure);
            }
        }

        return result;
    }
}
