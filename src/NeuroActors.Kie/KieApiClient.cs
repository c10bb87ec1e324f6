using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Kie;

namespace NeuroActors.Kie;

/// <summary>
/// The HTTP calls to KIE, one key given per call. Connections come from IHttpClientFactory (named client
/// <see cref="HttpClientName"/>). Every call has a timeout and honours the caller's cancellation (which throws
/// <see cref="OperationCanceledException"/>); every failure of KIE comes back as a classified <see cref="KieFailure"/>.
/// It never retries by itself: a create that timed out may have been created, and only the job can decide.
/// Most callers want <see cref="IKieGateway"/>, which adds the key pool.
/// </summary>
public sealed class KieApiClient
{
    public const string HttpClientName = "NeuroActors.Kie";

    private readonly IHttpClientFactory _httpClients;
    private readonly KieOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public KieApiClient(IHttpClientFactory httpClients, IOptions<KieOptions> options, TimeProvider? time = null, ILogger<KieApiClient>? logger = null)
    {
        _httpClients = httpClients;
        _options = options.Value;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Creates a task; the value is KIE's task id.</summary>
    public async Task<KieResult<string>> CreateTaskAsync(KieApiKey key, KieCreateRequest request, CancellationToken cancellationToken = default)
    {
        var path = request.Route ?? request.Family.Info().CreatePath;
        var body = request.ToBody();
        var result = await SendAsync(KieOperation.CreateTask, key, () => new HttpRequestMessage(HttpMethod.Post, Api(path))
        {
            Content = JsonContent.Create(body),
        }, _options.RequestTimeout, cancellationToken);

        return Read(result, KieOperation.CreateTask, key, data =>
            data.Str("taskId") is { Length: > 0 } id ? id
            : data.Str("task_id") is { Length: > 0 } snake ? snake
            : null);
    }

    /// <summary>Asks where a task stands (market recordInfo or the family's record-info).</summary>
    public async Task<KieResult<KieTaskOutcome>> GetTaskAsync(KieApiKey key, ApiFamily family, string taskId, CancellationToken cancellationToken = default)
    {
        var uri = Api($"{family.Info().RecordPath}?taskId={Uri.EscapeDataString(taskId)}");
        var result = await SendAsync(KieOperation.QueryTask, key, () => new HttpRequestMessage(HttpMethod.Get, uri), _options.RequestTimeout, cancellationToken);
        return Read(result, KieOperation.QueryTask, key, data =>
            data.ValueKind == JsonValueKind.Object ? KieTaskParser.ParseRecord(family, data, taskId) : null);
    }

    /// <summary>The account's credit balance (<c>GET /api/v1/chat/credit</c>); fractional credits exist.</summary>
    public async Task<KieResult<decimal>> GetCreditsAsync(KieApiKey key, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync(KieOperation.Credit, key, () => new HttpRequestMessage(HttpMethod.Get, Api(KieRoutes.Credit)), _options.RequestTimeout, cancellationToken);
        if (!result.IsSuccess)
        {
            return KieResult.Fail<decimal>(result.Failure!);
        }

        return KieJson.AsDecimal(result.Data) is { } credits
            ? KieResult.Ok(credits)
            : KieResult.Fail<decimal>(Malformed(KieOperation.Credit, key, "the credit balance is not a number"));
    }

    /// <summary>A 20-minute download link for a KIE-made result URL (<c>POST /api/v1/common/download-url</c>).</summary>
    public async Task<KieResult<Uri>> GetDownloadUrlAsync(KieApiKey key, string kieFileUrl, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync(KieOperation.DownloadUrl, key, () => new HttpRequestMessage(HttpMethod.Post, Api(KieRoutes.DownloadUrl))
        {
            Content = JsonContent.Create(new JsonObject { ["url"] = kieFileUrl }),
        }, _options.RequestTimeout, cancellationToken);

        return Read(result, KieOperation.DownloadUrl, key, data =>
            KieJson.AsString(data) is { } text && Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null);
    }

    /// <summary>Uploads Base64 data (<c>POST /api/file-base64-upload</c> on the upload host).</summary>
    public async Task<KieResult<KieUploadedFile>> UploadBase64Async(KieApiKey key, KieBase64Upload upload, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["base64Data"] = upload.Base64Data, ["uploadPath"] = upload.UploadPath }.With("fileName", upload.FileName);
        var result = await SendAsync(KieOperation.Upload, key, () => new HttpRequestMessage(HttpMethod.Post, Upload(KieRoutes.Base64Upload))
        {
            Content = JsonContent.Create(body),
        }, _options.UploadTimeout, cancellationToken);
        return Read(result, KieOperation.Upload, key, ReadUploadedFile);
    }

    /// <summary>
    /// Uploads a stream as multipart (<c>POST /api/file-stream-upload</c>). The stream is read once and not disposed;
    /// a seekable stream is rewound, so a caller may try again after a failure.
    /// </summary>
    public async Task<KieResult<KieUploadedFile>> UploadStreamAsync(
        KieApiKey key,
        Stream content,
        string uploadPath,
        string fileName,
        string? contentType = null,
        CancellationToken cancellationToken = default)
    {
        var start = content.CanSeek ? content.Position : 0;
        var result = await SendAsync(KieOperation.Upload, key, () =>
        {
            if (content.CanSeek)
            {
                content.Position = start;
            }

            var file = new StreamContent(new NonDisposingStream(content));
            file.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/octet-stream");
            var form = new MultipartFormDataContent
            {
                { file, "file", fileName },
                { new StringContent(uploadPath), "uploadPath" },
                { new StringContent(fileName), "fileName" },
            };
            return new HttpRequestMessage(HttpMethod.Post, Upload(KieRoutes.StreamUpload)) { Content = form };
        }, _options.UploadTimeout, cancellationToken);
        return Read(result, KieOperation.Upload, key, ReadUploadedFile);
    }

    /// <summary>Has KIE fetch a file from a URL (<c>POST /api/file-url-upload</c>; KIE gives the download 30 s).</summary>
    public async Task<KieResult<KieUploadedFile>> UploadFromUrlAsync(KieApiKey key, string fileUrl, string uploadPath, string? fileName = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["fileUrl"] = fileUrl, ["uploadPath"] = uploadPath }.With("fileName", fileName);
        var result = await SendAsync(KieOperation.Upload, key, () => new HttpRequestMessage(HttpMethod.Post, Upload(KieRoutes.UrlUpload))
        {
            Content = JsonContent.Create(body),
        }, _options.UploadTimeout, cancellationToken);
        return Read(result, KieOperation.Upload, key, ReadUploadedFile);
    }

    private static KieUploadedFile? ReadUploadedFile(JsonElement data) =>
        data.Str("downloadUrl") is { Length: > 0 } url
            ? new KieUploadedFile(data.Str("fileName"), data.Str("filePath"), url, data.Long("fileSize"), data.Str("mimeType"), data.Time("uploadedAt"))
            : null;

    private Uri Api(string pathAndQuery) => Join(_options.BaseUrl, pathAndQuery);

    private Uri Upload(string path) => Join(_options.UploadBaseUrl, path);

    private static Uri Join(Uri baseUrl, string pathAndQuery) => new(baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + pathAndQuery);

    private KieResult<T> Read<T>(SendResult result, KieOperation operation, KieApiKey key, Func<JsonElement, T?> read)
    {
        if (!result.IsSuccess)
        {
            return KieResult.Fail<T>(result.Failure!);
        }

        T? value;
        try
        {
            value = read(result.Data);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            value = default;
        }

        return value is null
            ? KieResult.Fail<T>(Malformed(operation, key, "the answer's data is missing or not as documented"))
            : KieResult.Ok(value);
    }

    private KieFailure Malformed(KieOperation operation, KieApiKey key, string what)
    {
        var failure = KieFailure.From(KieFailureEvidence.Response(operation, 200, 200, what), key.Id);
        _logger.LogWarning("KIE {Operation} with key {KeyId}: {What}", operation, key.Id, what);
        return failure;
    }

    private readonly record struct SendResult(JsonElement Data, KieFailure? Failure)
    {
        public bool IsSuccess => Failure is null;
    }

    private async Task<SendResult> SendAsync(
        KieOperation operation,
        KieApiKey key,
        Func<HttpRequestMessage> build,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await SendOnceAsync(operation, key, build, timeout, cancellationToken);
        Observability.KieMetrics.Called(operation, result.Failure?.Evidence, started);
        return result;
    }

    private async Task<SendResult> SendOnceAsync(
        KieOperation operation,
        KieApiKey key,
        Func<HttpRequestMessage> build,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        using var request = build();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(_options.UserAgent))
        {
            request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        }

        var client = _httpClients.CreateClient(HttpClientName);
        int status;
        string body;
        TimeSpan? retryAfter;
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            status = (int)response.StatusCode;
            retryAfter = RetryAfter(response);
            body = await response.Content.ReadAsStringAsync(linked.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return Fail(KieFailureEvidence.Timeout(operation), key, null, $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            // Refused or unresolvable: the request never left, so nothing can have been created.
            var neverSent = ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
                or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;
            return Fail(KieFailureEvidence.Transport(operation, requestSent: !neverSent, ex.HttpRequestError.ToString()), key, null, ex.HttpRequestError.ToString());
        }

        var envelope = KieJson.TryParse(body);
        int? code = envelope?.Int("code");
        var message = envelope?.Str("msg") ?? envelope?.Str("message");
        var success = envelope?.Prop("success") is { ValueKind: JsonValueKind.False } ? false : (bool?)null;
        var httpOk = status is >= 200 and <= 299;

        if (httpOk && envelope is { ValueKind: JsonValueKind.Object } root && (code is null or 200) && success is null)
        {
            return new SendResult(root.Prop("data") ?? default, null);
        }

        if (envelope is null && !string.IsNullOrWhiteSpace(body))
        {
            // Not JSON (a proxy's or Cloudflare's page): keep a short, single-line excerpt for the admin.
            message = Excerpt(body);
        }
        else if (envelope is null)
        {
            message = httpOk ? "empty answer" : null;
        }

        var evidence = KieFailureEvidence.Response(operation, status, code, message);
        return Fail(evidence, key, retryAfter, null);
    }

    private SendResult Fail(KieFailureEvidence evidence, KieApiKey key, TimeSpan? retryAfter, string? detail)
    {
        var failure = KieFailure.From(evidence, key.Id, retryAfter);
        _logger.LogWarning(
            "KIE {Operation} failed with key {KeyId}: {FailureClass} ({Rule}), HTTP {HttpStatus}, code {Code}, {KieMessage}{Detail}",
            evidence.Operation, key.Id, failure.Class, failure.Classification.Rule, evidence.HttpStatus, evidence.EffectiveCode,
            evidence.EffectiveMessage, detail is null ? string.Empty : " " + detail);
        return new SendResult(default, failure);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static string Excerpt(string body)
    {
        var flat = string.Join(' ', body.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return flat.Length <= 200 ? flat : flat[..200] + "…";
    }

    /// <summary>Lets HttpClient dispose its content without closing the caller's stream.</summary>
    private sealed class NonDisposingStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => inner.Position = value;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
