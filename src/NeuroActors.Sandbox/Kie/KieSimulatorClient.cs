using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NeuroActors.Sandbox.Kie;

/// <summary>A typed client of the simulated KIE's control API (/sandbox/kie/...), for tests and tools.</summary>
/// <param name="http">An HttpClient whose BaseAddress is the simulator's origin.</param>
public sealed class KieSimulatorClient(HttpClient http)
{
    public async Task<IReadOnlyList<KieTaskView>> GetTasksAsync(string? model = null, CancellationToken ct = default)
    {
        var query = model is null ? "" : "?model=" + Uri.EscapeDataString(model);
        return await GetAsync<List<KieTaskView>>($"sandbox/kie/tasks{query}", ct);
    }

    public async Task<KieTaskView?> GetTaskAsync(string taskId, CancellationToken ct = default)
    {
        using var response = await http.GetAsync(new Uri($"sandbox/kie/tasks/{Uri.EscapeDataString(taskId)}", UriKind.Relative), ct);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        return await ReadAsync<KieTaskView>(response, ct);
    }

    /// <summary>Polls the control API until the task satisfies <paramref name="condition"/> or <paramref name="timeout"/> passes.</summary>
    public async Task<KieTaskView> WaitForTaskAsync(string taskId, Func<KieTaskView, bool> condition, TimeSpan timeout, CancellationToken ct = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        KieTaskView? last = null;
        try
        {
            while (true)
            {
                last = await GetTaskAsync(taskId, deadline.Token);
                if (last is not null && condition(last))
                {
                    return last;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(25), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"Task {taskId} did not reach the expected condition within {timeout}; last state: {last?.State}.");
        }
    }

    /// <summary>Waits until the task is in success or fail and its callbacks (if any) have been attempted.</summary>
    public Task<KieTaskView> WaitForFinishAsync(string taskId, TimeSpan timeout, CancellationToken ct = default) =>
        WaitForTaskAsync(taskId, t => t.State is KieTaskPhase.Success or KieTaskPhase.Fail, timeout, ct);

    public Task<KieTaskView> FinishTaskAsync(string taskId, KieTaskOutcome outcome = KieTaskOutcome.Success, CancellationToken ct = default) =>
        SendAsync<KieTaskView>(HttpMethod.Post, $"sandbox/kie/tasks/{Uri.EscapeDataString(taskId)}/finish", new KieFinishRequest(outcome), ct, "task");

    public async Task<decimal> GetBalanceAsync(CancellationToken ct = default) =>
        (await GetAsync<KieBalanceDto>("sandbox/kie/balance", ct)).Balance;

    public async Task SetBalanceAsync(decimal balance, CancellationToken ct = default) =>
        await SendAsync<KieBalanceDto>(HttpMethod.Put, "sandbox/kie/balance", new KieBalanceDto(balance), ct);

    public Task<KieBehavioursView> GetBehavioursAsync(CancellationToken ct = default) =>
        GetAsync<KieBehavioursView>("sandbox/kie/behaviours", ct);

    /// <summary>Every task of the model behaves so; null removes the model's behaviour.</summary>
    public Task<KieBehavioursView> SetModelBehaviourAsync(string model, KieBehaviour? behaviour, CancellationToken ct = default) =>
        SendAsync<KieBehavioursView>(HttpMethod.Put, "sandbox/kie/behaviours/models", new KieModelBehaviourUpdate(model, behaviour), ct);

    /// <summary>Every request made with the key behaves so; null removes the key's behaviour.</summary>
    public Task<KieBehavioursView> SetKeyBehaviourAsync(string key, KieBehaviour? behaviour, CancellationToken ct = default) =>
        SendAsync<KieBehavioursView>(HttpMethod.Put, "sandbox/kie/behaviours/keys", new KieKeyBehaviourUpdate(key, behaviour), ct);

    /// <summary>The next create request behaves so, once (calls queue up).</summary>
    public Task<KieBehavioursView> SetNextTaskBehaviourAsync(KieBehaviour behaviour, CancellationToken ct = default) =>
        SendAsync<KieBehavioursView>(HttpMethod.Post, "sandbox/kie/behaviours/next", behaviour, ct);

    public Task<KieBehavioursView> ClearBehavioursAsync(CancellationToken ct = default) =>
        SendAsync<KieBehavioursView>(HttpMethod.Delete, "sandbox/kie/behaviours", null, ct);

    /// <summary>Sets the phase durations of a model, or of every model when <paramref name="model"/> is null.</summary>
    public Task<KieDurationsListing> SetDurationsAsync(string? model, KieDurationsDto durations, CancellationToken ct = default) =>
        SendAsync<KieDurationsListing>(HttpMethod.Put, "sandbox/kie/durations", new KieDurationsUpdate(model, durations), ct);

    public Task<KieDurationsListing> GetDurationsAsync(CancellationToken ct = default) =>
        GetAsync<KieDurationsListing>("sandbox/kie/durations", ct);

    public Task<KieSettingsView> GetSettingsAsync(CancellationToken ct = default) =>
        GetAsync<KieSettingsView>("sandbox/kie/settings", ct);

    public Task<KieSettingsView> UpdateSettingsAsync(KieSettingsUpdate update, CancellationToken ct = default) =>
        SendAsync<KieSettingsView>(HttpMethod.Put, "sandbox/kie/settings", update, ct);

    public Task<List<KiePromptMarker>> GetMarkersAsync(CancellationToken ct = default) =>
        GetAsync<List<KiePromptMarker>>("sandbox/kie/markers", ct);

    public Task<List<KieModelView>> GetModelsAsync(CancellationToken ct = default) =>
        GetAsync<List<KieModelView>>("sandbox/kie/models", ct);

    public Task<List<KieUploadView>> GetUploadsAsync(CancellationToken ct = default) =>
        GetAsync<List<KieUploadView>>("sandbox/kie/uploads", ct);

    /// <summary>Forgets everything and restores the configured options.</summary>
    public async Task ResetAsync(CancellationToken ct = default)
    {
        using var response = await http.PostAsync(new Uri("sandbox/kie/reset", UriKind.Relative), null, ct);
        response.EnsureSuccessStatusCode();
    }

    private async Task<T> GetAsync<T>(string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), ct);
        return await ReadAsync<T>(response, ct);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct, string? property = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: KieJson.Control);
        }

        using var response = await http.SendAsync(request, ct);
        if (property is null)
        {
            return await ReadAsync<T>(response, ct);
        }

        var wrapper = await ReadAsync<JsonObject>(response, ct);
        return wrapper[property].Deserialize<T>(KieJson.Control)
            ?? throw new InvalidOperationException($"The simulator's answer to {path} has no '{property}'.");
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"The KIE simulator's control API answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
        }

        return await response.Content.ReadFromJsonAsync<T>(KieJson.Control, ct)
            ?? throw new InvalidOperationException("The KIE simulator's control API answered null.");
    }
}
