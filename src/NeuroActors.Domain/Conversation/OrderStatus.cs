using System.Text;
using NeuroActors.Domain.Failures;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Conversation;

/// <summary>Where one variant (one generation job) of an order stands.</summary>
public enum VariantStage
{
    /// <summary>Waiting for its turn (KIE pacing); can still be cancelled.</summary>
    Queued,

    /// <summary>Submitted to KIE; runs to the end.</summary>
    Generating,
    Done,
    Failed,
    Cancelled,
}

/// <summary>One variant's progress as the status message shows it.</summary>
/// <param name="Index">1-based variant number.</param>
/// <param name="Stage">Its stage.</param>
/// <param name="QueuePosition">Place in the queue while <see cref="VariantStage.Queued"/>, when known (1 = next).</param>
/// <param name="ProgressPercent">Progress KIE reports while generating (Sora models), 0-100.</param>
/// <param name="StartedAt">When generation started (for the elapsed time and the estimate).</param>
/// <param name="FailureTextKey">Why it failed (see FailureTextKeys), when <see cref="VariantStage.Failed"/>.</param>
public sealed record VariantProgress(
    int Index,
    VariantStage Stage,
    int? QueuePosition = null,
    int? ProgressPercent = null,
    DateTimeOffset? StartedAt = null,
    string? FailureTextKey = null)
{
    public bool IsFinal => Stage is VariantStage.Done or VariantStage.Failed or VariantStage.Cancelled;
}

/// <summary>An order's state for its one status message.</summary>
/// <param name="TypicalDuration">How long the model usually takes; drives the estimate where KIE reports no progress.</param>
public sealed record OrderStatus(
    string OrderId,
    string ModelName,
    MediaKind Kind,
    long UnitPrice,
    DateTimeOffset PlacedAt,
    TimeSpan? TypicalDuration,
    IReadOnlyList<VariantProgress> Variants)
{
    /// <summary>A freshly placed order: every variant queued.</summary>
    public static OrderStatus Placed(string orderId, string modelName, MediaKind kind, long unitPrice, int variants, DateTimeOffset placedAt, TimeSpan? typicalDuration = null) =>
        new(orderId, modelName, kind, unitPrice, placedAt, typicalDuration,
            Enumerable.Range(1, variants).Select(i => new VariantProgress(i, VariantStage.Queued)).ToArray());

    public bool IsFinal => Variants.All(v => v.IsFinal);

    public bool CanCancel => Variants.Any(v => v.Stage == VariantStage.Queued);

    public int DoneCount => Variants.Count(v => v.Stage == VariantStage.Done);

    /// <summary>Credits back on the balance: the price of every failed or cancelled variant.</summary>
    public long CreditsBack => UnitPrice * Variants.Count(v => v.Stage is VariantStage.Failed or VariantStage.Cancelled);

    /// <summary>A copy with one variant replaced (matched by index).</summary>
    public OrderStatus With(VariantProgress variant) =>
        this with { Variants = Variants.Select(v => v.Index == variant.Index ? variant : v).ToArray() };
}

/// <summary>
/// Renders an order's single status message:
/// <code>
/// 🎬 Sora 2 · 3 variants · #G7K2QXMNPA
/// ▰▰▰▰▱▱▱▱▱▱ 40% · 1 min 12 s
/// ✅ 1  ⏳ 2  🕒 3
/// </code>
/// </summary>
public static class OrderStatusView
{
    public const int BarCells = 10;

    /// <summary>An estimate never claims more than this; the last stretch waits for the real end.</summary>
    public const int MaxEstimatedPercent = 95;

    public static Screen Render(OrderStatus status, DateTimeOffset now, UiTexts t)
    {
        var text = new StringBuilder(t.StatusHeader(status.Kind, status.ModelName, status.Variants.Count, status.OrderId));
        text.Append('\n').Append(StageLine(status, now, t));
        if (status.Variants.Count > 1)
        {
            text.Append('\n').Append(string.Join("  ", status.Variants.Select(v => $"{Icon(v.Stage)} {v.Index}")));
        }

        return new Screen(text.ToString(), Keyboards.OrderStatus(t, status.OrderId, status.CanCancel));
    }

    /// <summary>
    /// The part of the status that makes an edit worth sending at once: each variant's stage. Progress and queue
    /// position changes are throttled by <see cref="StatusEditGate"/>.
    /// </summary>
    public static string Milestone(OrderStatus status) =>
        string.Concat(status.Variants.Select(v => v.Stage switch
        {
            VariantStage.Queued => 'Q',
            VariantStage.Generating => 'G',
            VariantStage.Done => 'D',
            VariantStage.Failed => 'F',
            _ => 'C',
        }));

    public static string Icon(VariantStage stage) => stage switch
    {
        VariantStage.Queued => "🕒",
        VariantStage.Generating => "⏳",
        VariantStage.Done => "✅",
        VariantStage.Failed => "❌",
        _ => "🚫",
    };

    /// <summary>"▰▰▰▰▱▱▱▱▱▱" for a percentage.</summary>
    public static string Bar(int percent)
    {
        var filled = Math.Clamp((int)Math.Round(percent / 100.0 * BarCells), 0, BarCells);
        return new string('▰', filled) + new string('▱', BarCells - filled);
    }

    /// <summary>
    /// Overall progress: finished variants count fully, generating ones by KIE's figure or, lacking it, by elapsed
    /// time against the typical duration (capped at <see cref="MaxEstimatedPercent"/>); null when nothing can be said.
    /// </summary>
    public static int? Percent(OrderStatus status, DateTimeOffset now)
    {
        var total = 0.0;
        foreach (var variant in status.Variants)
        {
            if (variant.IsFinal)
            {
                total += 100;
            }
            else if (variant.Stage == VariantStage.Generating)
            {
                var one = VariantPercent(variant, status, now);
                if (one is null)
                {
                    return null;
                }

                total += one.Value;
            }
        }

        return (int)Math.Floor(total / status.Variants.Count);
    }

    private static double? VariantPercent(VariantProgress variant, OrderStatus status, DateTimeOffset now)
    {
        if (variant.ProgressPercent is { } reported)
        {
            return Math.Clamp(reported, 0, 99);
        }

        if (status.TypicalDuration is { TotalSeconds: > 0 } typical && variant.StartedAt is { } started)
        {
            var ratio = (now - started).TotalSeconds / typical.TotalSeconds;
            return Math.Clamp(ratio * 100, 0, MaxEstimatedPercent);
        }

        return null;
    }

    private static string StageLine(OrderStatus status, DateTimeOffset now, UiTexts t)
    {
        if (status.IsFinal)
        {
            var done = status.DoneCount;
            var total = status.Variants.Count;
            if (done == total)
            {
                return t.DoneAll(total);
            }

            if (done > 0)
            {
                return t.PartlyDone(done, total, status.CreditsBack);
            }

            return status.Variants.All(v => v.Stage == VariantStage.Cancelled) ? t.AllCancelled(status.CreditsBack) : t.AllFailed(status.CreditsBack);
        }

        var generating = status.Variants.Where(v => v.Stage == VariantStage.Generating).ToList();
        if (generating.Count == 0)
        {
            var position = status.Variants.Where(v => v.Stage == VariantStage.Queued).Select(v => v.QueuePosition).Where(p => p is > 0).Min();
            return t.InQueue(position);
        }

        var since = generating.Select(v => v.StartedAt).Where(s => s is not null).Min();
        var elapsed = since is { } start ? t.Duration(now - start) : null;
        var percent = Percent(status, now);
        if (percent is { } p)
        {
            return $"{Bar(p)} {p}%" + (elapsed is null ? string.Empty : $" · {elapsed}");
        }

        return elapsed is null ? t.Generating : $"{t.Generating} · {elapsed}";
    }
}

/// <summary>
/// Decides whether an edit of the status message goes out: never the same screen twice; a new stage at once;
/// progress-only changes at most every <c>minInterval</c> (Telegram punishes edit storms).
/// </summary>
/// <param name="LastSent">The screen last sent (null before the first).</param>
/// <param name="LastMilestone">Its <see cref="OrderStatusView.Milestone"/>.</param>
/// <param name="LastSentAt">When it was sent.</param>
public sealed record StatusEditGate(Screen? LastSent, string? LastMilestone, DateTimeOffset? LastSentAt)
{
    public static StatusEditGate Nothing { get; } = new(null, null, null);

    /// <summary>The gate after the status message was first sent (e.g. as the confirmation turned into it).</summary>
    public static StatusEditGate SentInitially(Screen screen, string milestone, DateTimeOffset at) => new(screen, milestone, at);

    public StatusEditDecision Consider(Screen rendered, string milestone, DateTimeOffset now, TimeSpan minInterval)
    {
        if (LastSent is not null && LastSent == rendered)
        {
            return new StatusEditDecision(false, this, null);
        }

        var due = LastSentAt is null || now - LastSentAt.Value >= minInterval;
        if (due || !string.Equals(milestone, LastMilestone, StringComparison.Ordinal))
        {
            return new StatusEditDecision(true, new StatusEditGate(rendered, milestone, now), null);
        }

        return new StatusEditDecision(false, this, LastSentAt!.Value + minInterval);
    }
}

/// <summary>The gate's answer: send or not, the gate to keep, and when a held-back progress edit becomes due.</summary>
public sealed record StatusEditDecision(bool Send, StatusEditGate Gate, DateTimeOffset? DueAt);

/// <summary>Messages about an order besides its status: result captions, "ready" with the next steps, failure notices.</summary>
public static class OrderMessages
{
    /// <summary>Caption of one result (the first item of an album carries it): model, n/N, request id, the prompt's first words.</summary>
    public static string Caption(UiTexts t, string modelName, string prompt, string requestId, int index, int count) =>
        t.ResultCaption(modelName, prompt, requestId, index, count);

    /// <summary>After the results: "Ready" with [🔁 Make another] [✏️ Change prompt] [🏠 Menu].</summary>
    public static Screen Ready(UiTexts t, string orderId, int done, int total) =>
        new(t.ResultsReady(orderId, done, total), Keyboards.AfterResults(t, orderId));

    /// <summary>A failure notice in plain words with what the user can do next.</summary>
    public static Screen Failure(UiTexts t, string orderId, string failureTextKey, FailureNoticeArgs args) =>
        new(t.Failure(failureTextKey, args), Keyboards.AfterFailure(t, orderId, failureTextKey));

    /// <summary>A result Telegram cannot take (too large): a link and how long it stays valid ("Ready" follows with the buttons).</summary>
    public static Screen AsLink(UiTexts t, string url, long sizeBytes, TimeSpan validFor) =>
        new(t.ResultAsLink(url, sizeBytes, validFor), null);

    /// <summary>Billing and unknown failures are ours to fix, so admins hear of them (DESIGN.md, failure classes).</summary>
    public static bool NeedsAdminAlert(FailureClass failureClass) => failureClass is FailureClass.Billing or FailureClass.Unknown;

    /// <summary>The alert for admins; <paramref name="detail"/> is KIE's message (never pass keys or tokens).</summary>
    public static string AdminAlert(UiTexts t, FailureClass failureClass, string requestId, long userId, string modelId, string? detail) =>
        t.AdminAlert(failureClass, requestId, userId, modelId, detail);
}
