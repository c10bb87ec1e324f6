using NeuroActors.Domain.Catalog;

namespace NeuroActors.Sandbox.Kie;

/// <summary>How long a simulated task stays in each phase of its lifecycle.</summary>
/// <param name="Unrecorded">Right after creation recordInfo answers 422 "recordInfo is null", as the real service does.</param>
/// <param name="Waiting">State <c>waiting</c>.</param>
/// <param name="Queuing">State <c>queuing</c>.</param>
/// <param name="Generating">State <c>generating</c>, then <c>success</c> or <c>fail</c>.</param>
public sealed record KieStageDurations(TimeSpan Unrecorded, TimeSpan Waiting, TimeSpan Queuing, TimeSpan Generating)
{
    /// <summary>About 1.5 s in total: long enough to see every state, short enough for a person in a chat.</summary>
    public static KieStageDurations Default { get; } = new(
        TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(700));

    /// <summary>Every phase takes no time: a task is already finished when createTask answers.</summary>
    public static KieStageDurations Instant { get; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public TimeSpan Total => Unrecorded + Waiting + Queuing + Generating;
}

/// <summary>Settings of the simulated KIE.AI. The control API can change most of them at run time; a reset restores these.</summary>
public sealed class KieSimulatorOptions
{
    /// <summary>The API keys accepted as <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public IList<string> Keys { get; } = new List<string> { "sandbox-key" };

    /// <summary>Off (the default, like KIE): every answer is HTTP 200 and the real status is the body's <c>code</c>. On: HTTP status = code.</summary>
    public bool HttpStatusEqualsCode { get; set; }

    /// <summary>When set, every callback carries X-Webhook-Timestamp and X-Webhook-Signature (kie-api.md 4.3).</summary>
    public string? HmacKey { get; set; }

    /// <summary>Delivers each callback twice, as KIE may ("the same taskId may receive multiple callbacks").</summary>
    public bool DeliverCallbacksTwice { get; set; }

    /// <summary>Retries of a callback after a non-2xx answer or a network error (KIE stops after 3).</summary>
    public int CallbackRetries { get; set; } = 3;

    public TimeSpan CallbackRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>KIE waits 15 s for the receiver's answer.</summary>
    public TimeSpan CallbackTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Starting account balance in KIE credits.</summary>
    public decimal InitialBalance { get; set; } = 10_000m;

    /// <summary>New generation requests allowed per key within <see cref="RateLimitWindow"/> (KIE: 20 per 10 s).</summary>
    public int RateLimitCount { get; set; } = 20;

    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Durations of every model without its own entry in <see cref="ModelDurations"/>.</summary>
    public KieStageDurations Durations { get; set; } = KieStageDurations.Default;

    /// <summary>Per-model durations, keyed by model id (market ids, Veo's <c>veo3_fast</c>, Suno's <c>V4_5</c>, ...).</summary>
    public IDictionary<string, KieStageDurations> ModelDurations { get; } = new Dictionary<string, KieStageDurations>(StringComparer.Ordinal);

    /// <summary>The models the simulator accepts; starts as <see cref="KieModelCatalog.Default"/>, add or remove to taste.</summary>
    public IList<KieModel> Models { get; } = new List<KieModel>(KieModelCatalog.Default);

    /// <summary>Price overrides in credits, keyed by model id; without one, the catalogue's price applies.</summary>
    public IDictionary<string, decimal> Prices { get; } = new Dictionary<string, decimal>(StringComparer.Ordinal);

    /// <summary>How long a "hang" fault keeps a request open before dropping it (a client's timeout should fire first).</summary>
    public TimeSpan HangDuration { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Scheme, host and path base that result, upload and download URLs start with. Absent: taken from each request.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>Replaces <see cref="Keys"/> with a comma-separated list (as in <c>Sandbox:KieKeys</c>); blank leaves them as they are.</summary>
    public void UseKeys(string? commaSeparated)
    {
        var keys = (commaSeparated ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (keys.Length == 0)
        {
            return;
        }

        Keys.Clear();
        foreach (var key in keys)
        {
            Keys.Add(key);
        }
    }

    /// <summary>
    /// Serves every model of the product catalogue: adds a simulated model for each catalogue model the simulator does not
    /// know yet (see <see cref="KieCatalogModels"/>), with the catalogue's result kind, required prompt and media fields,
    /// and KIE price. Models already in <see cref="Models"/> keep their rows. Call it again after a catalogue change to add new ones.
    /// </summary>
    public KieSimulatorOptions ServeCatalog(CatalogSnapshot catalog)
    {
        foreach (var model in KieCatalogModels.Missing(catalog, Models))
        {
            Models.Add(model);
        }

        return this;
    }

    /// <summary>Shorthand for tests: every phase of every model takes no time.</summary>
    public void UseInstantLifecycle()
    {
        Durations = KieStageDurations.Instant;
        ModelDurations.Clear();
    }
}
