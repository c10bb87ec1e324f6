using System.Collections.Immutable;
using System.Text.Json.Serialization;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Failures;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Domain.Orders;

/// <summary>Events of a user's orders as the user's actor keeps them: what was ordered, how each variant ended, what was delivered.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(OrderOpened), "order-opened")]
[JsonDerivedType(typeof(VariantSettled), "variant-settled")]
[JsonDerivedType(typeof(OrderDelivered), "order-delivered")]
[JsonDerivedType(typeof(OrderPartDelivered), "order-part-delivered")]
public abstract record OrderEvent(string OrderId);

/// <summary>An order was placed; <paramref name="StatusMessageId"/> is its one status message.</summary>
/// <param name="Media">The order's files besides its first photo (null for a prompt-and-photo order).</param>
/// <param name="TextResult">The result is text (speech to text): sent as a message, and as a .txt file when long.</param>
public sealed record OrderOpened(
    string OrderId,
    string ModelId,
    string ModelName,
    MediaKind Kind,
    string Prompt,
    int Variants,
    long UnitPrice,
    long StatusMessageId,
    Language Language,
    DateTimeOffset At,
    string? ImageFileId = null,
    OrderMedia? Media = null,
    bool? TextResult = null) : OrderEvent(OrderId)
{
    /// <summary>Every option of the order, resolved (empty for orders placed before options existed: the model's defaults).</summary>
    public OptionChoices Options { get; init; } = OptionChoices.Empty;

    /// <summary>How many of its variants the free daily quota paid for (null: none, and orders from before the quota).</summary>
    public int? FreeVariants { get; init; }
}

/// <summary>One variant ended (and its credits were captured or released in the same write).</summary>
public sealed record VariantSettled(string OrderId, int Index, VariantOutcome Outcome, DateTimeOffset At) : OrderEvent(OrderId);

/// <summary>The order's results and its closing message reached the user's chat (or the chat is gone).</summary>
public sealed record OrderDelivered(string OrderId, DateTimeOffset At) : OrderEvent(OrderId);

/// <summary>Result message <paramref name="Part"/> (1-based: one media or one album) reached the chat; a redelivery after a crash starts after it.</summary>
/// <param name="FileIds">Telegram's file ids of the part's media, for "send the results again" from /history.</param>
public sealed record OrderPartDelivered(string OrderId, int Part, DateTimeOffset At, IReadOnlyList<string>? FileIds = null) : OrderEvent(OrderId);

/// <summary>How a variant ended: its result files, or why it failed, or that it was cancelled before it started.</summary>
public sealed record VariantOutcome(
    VariantStage Stage,
    IReadOnlyList<string> ResultUrls,
    FailureClass? FailureClass = null,
    string? FailureTextKey = null,
    int Attempts = 1,
    string? ResultText = null)
{
    public static VariantOutcome Done(IReadOnlyList<string> urls, int attempts = 1) => new(VariantStage.Done, urls, Attempts: attempts);

    public static VariantOutcome Failed(FailureClass failureClass, string textKey, int attempts) =>
        new(VariantStage.Failed, [], failureClass, textKey, attempts);

    public static VariantOutcome Cancelled { get; } = new(VariantStage.Cancelled, []);
}

/// <summary>An order the user placed, with each variant's outcome once known.</summary>
/// <param name="PartsDelivered">How many result messages (in order) reached the chat so far; left out of snapshots while 0, as before it existed.</param>
public sealed record TrackedOrder(
    OrderOpened Opened,
    ImmutableDictionary<int, VariantOutcome> Outcomes,
    bool Delivered,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int PartsDelivered = 0,
    ImmutableList<string>? ResultFileIds = null)
{
    public string OrderId => Opened.OrderId;

    public bool AllSettled => Outcomes.Count >= Opened.Variants;

    public int DoneCount => Outcomes.Values.Count(o => o.Stage == VariantStage.Done);

    /// <summary>The request id of variant <paramref name="index"/> (1-based).</summary>
    public string RequestId(int index) => OrderIds.RequestId(OrderId, index);

    [JsonIgnore]
    public IEnumerable<int> Indexes => Enumerable.Range(1, Opened.Variants);

    [JsonIgnore]
    public IEnumerable<int> OpenIndexes => Indexes.Where(i => !Outcomes.ContainsKey(i));

    public HistoryState HistoryState =>
        !AllSettled ? (Outcomes.IsEmpty ? HistoryState.Queued : HistoryState.Running)
        : DoneCount == Opened.Variants ? HistoryState.Done
        : DoneCount > 0 ? HistoryState.PartlyDone
        : Outcomes.Values.All(o => o.Stage == VariantStage.Cancelled) ? HistoryState.Cancelled
        : HistoryState.Failed;

    public HistoryEntry ToHistoryEntry() =>
        new(OrderId, Opened.At, Opened.ModelName, Opened.Kind, Opened.Variants, HistoryState);

    /// <summary>The status message's model of this order, with the live progress of unsettled variants.</summary>
    public OrderStatus Status(Func<int, VariantProgress?> live) =>
        new(
            OrderId,
            Opened.ModelName,
            Opened.Kind,
            Opened.UnitPrice,
            Opened.At,
            null,
            Indexes.Select(i => Outcomes.TryGetValue(i, out var outcome)
                ? new VariantProgress(i, outcome.Stage, FailureTextKey: outcome.FailureTextKey)
                : live(i) ?? new VariantProgress(i, VariantStage.Queued)).ToArray());
}

/// <summary>
/// A user's orders: the ones still open (a variant running, or results not yet delivered) and a bounded history of
/// finished ones for /history. Pure: the user's actor persists the events and folds them here.
/// </summary>
public sealed record OrderBook(ImmutableDictionary<string, TrackedOrder> Open, ImmutableList<TrackedOrder> Finished)
{
    /// <summary>How many finished orders /history can show.</summary>
    public const int HistoryKept = 200;

    public static OrderBook Empty { get; } = new(ImmutableDictionary<string, TrackedOrder>.Empty, ImmutableList<TrackedOrder>.Empty);

    public TrackedOrder? Find(string orderId) =>
        Open.TryGetValue(orderId, out var open) ? open : Finished.Find(o => o.OrderId == orderId);

    /// <summary>Newest first: open orders, then finished ones.</summary>
    public IReadOnlyList<TrackedOrder> Newest() =>
        Open.Values.OrderByDescending(o => o.Opened.At).Concat(Finished).ToArray();

    /// <summary>Orders whose variants all ended but whose results have not reached the chat yet (after a crash, for example).</summary>
    [JsonIgnore]
    public IEnumerable<TrackedOrder> AwaitingDelivery => Open.Values.Where(o => o.AllSettled && !o.Delivered);

    public OrderBook Apply(OrderEvent @event) => @event switch
    {
        OrderOpened e when Find(e.OrderId) is null =>
            this with { Open = Open.Add(e.OrderId, new TrackedOrder(e, ImmutableDictionary<int, VariantOutcome>.Empty, false)) },
        VariantSettled e when Open.TryGetValue(e.OrderId, out var order) && !order.Outcomes.ContainsKey(e.Index) =>
            this with { Open = Open.SetItem(e.OrderId, order with { Outcomes = order.Outcomes.Add(e.Index, e.Outcome) }) },
        OrderPartDelivered e when Open.TryGetValue(e.OrderId, out var order) && e.Part > order.PartsDelivered =>
            this with
            {
                Open = Open.SetItem(e.OrderId, order with
                {
                    PartsDelivered = e.Part,
                    ResultFileIds = e.FileIds is { Count: > 0 } ids ? (order.ResultFileIds ?? []).AddRange(ids) : order.ResultFileIds,
                }),
            },
        OrderDelivered e when Open.TryGetValue(e.OrderId, out var order) => this with
        {
            Open = Open.Remove(e.OrderId),
            Finished = Finished.Insert(0, order with { Delivered = true }).Take(HistoryKept).ToImmutableList(),
        },
        _ => this,
    };
}
