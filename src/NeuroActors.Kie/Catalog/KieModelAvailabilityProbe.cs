using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NeuroActors.Domain.Catalog;

namespace NeuroActors.Kie.Catalog;

/// <param name="BaseUrl">KIE's API base (<c>Kie:BaseUrl</c>).</param>
/// <param name="ApiKey">One key of <c>Kie:ApiKeys</c>; sent only in the Authorization header.</param>
/// <param name="MinInterval">Gap between probes, well inside KIE's 20 creates per 10 s.</param>
public sealed record KieProbeOptions(Uri BaseUrl, string ApiKey, TimeSpan MinInterval)
{
    public override string ToString() => $"KieProbeOptions {{ BaseUrl = {BaseUrl}, ApiKey = …{Tail(ApiKey)}, MinInterval = {MinInterval} }}";

    private static string Tail(string key) => key.Length <= 4 ? "****" : key[^4..];
}

/// <summary>
/// Asks KIE whether it serves a market model by calling createTask with the model and an empty input. KIE checks the
/// model before the input (kie-api.md §11), so it answers 422 "not supported" for a model it does not know and a
/// "... is required" error for one it does; the empty input means no task is ever created. Models whose schema has
/// no required field are not probed, because an empty input could then start paid work.
/// </summary>
public sealed class KieModelAvailabilityProbe(HttpClient http, KieProbeOptions options, TimeProvider? time = null) : IModelAvailabilityProbe, IDisposable
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _lastCall = DateTimeOffset.MinValue;

    public async Task<ProbeResult> ProbeAsync(ModelDefinition model, CancellationToken cancellationToken)
    {
        if (!model.Family.Info().CanProbeAvailability)
        {
            return ProbeResult.Unknown($"{model.Family.Info().Slug} models cannot be probed");
        }

        if (!model.HasRequiredInput)
        {
            return ProbeResult.Unknown("not probed: an empty input could start paid work");
        }

        await PaceAsync(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.BaseUrl, model.Family.Info().CreatePath));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        var body = JsonSerializer.Serialize(new { model = model.KieModel, input = new { } });
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return KieProbeAnswers.Interpret((int)response.StatusCode, text);
        }
        catch (HttpRequestException e)
        {
            return ProbeResult.Unknown("KIE could not be reached: " + e.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Unknown("KIE did not answer in time");
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task PaceAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var wait = _lastCall + options.MinInterval - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken);
            }

            _lastCall = _time.GetUtcNow();
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>What a createTask answer to an empty input says about the model.</summary>
public static class KieProbeAnswers
{
    public static ProbeResult Interpret(int httpStatus, string? body)
    {
        int? code = null;
        string message = string.Empty;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var parsed))
                {
                    code = parsed;
                }

                if ((root.TryGetProperty("msg", out var m) || root.TryGetProperty("message", out m)) && m.ValueKind == JsonValueKind.String)
                {
                    message = m.GetString() ?? string.Empty;
                }
            }
        }
        catch (JsonException)
        {
            return ProbeResult.Unknown($"KIE answered HTTP {httpStatus} with a body that is not JSON");
        }

        var status = code ?? httpStatus;
        var said = message.Length > 0 ? message : $"code {status}";
        if (status == 422 && message.Contains("not supported", StringComparison.OrdinalIgnoreCase))
        {
            return ProbeResult.Unavailable(said);
        }

        if (status == 505)
        {
            return ProbeResult.Unavailable(said);
        }

        if (status == 200)
        {
            return ProbeResult.Available("KIE accepted the model");
        }

        if (status is 400 or 422 or 500 && (message.Contains("required", StringComparison.OrdinalIgnoreCase)
                                              || message.Contains("invalid", StringComparison.OrdinalIgnoreCase)
                                              || message.Contains("must", StringComparison.OrdinalIgnoreCase)))
        {
            return ProbeResult.Available("KIE knows the model and checked its input: " + said);
        }

        return ProbeResult.Unknown($"KIE answered {status}: {said}");
    }
}
