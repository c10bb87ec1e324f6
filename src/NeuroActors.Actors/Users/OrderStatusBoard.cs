using Akka.Actor;
using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Orders;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Actors.Users;

/// <summary>
/// The live side of a user's open orders: what their jobs report as they go, the one status message each (kept current,
/// progress-only edits spaced by <see cref="StatusEditGate"/>) and the chat action ("sending a photo...") repeated while
/// a variant generates. None of it is persisted: jobs report their progress again as it changes, and a gate that
/// restarts empty only lets one edit go sooner.
/// </summary>
/// <param name="owner">The user actor: its timers deliver <see cref="EditDue"/> and <see cref="ChatActionDue"/> to it.</param>
/// <param name="editStatus">Edits a status message.</param>
/// <param name="showActivity">Shows a chat action.</param>
internal sealed class OrderStatusBoard(
    IWithTimers owner,
    UserSettings settings,
    Action<long, Screen> editStatus,
    Action<string> showActivity)
{
    /// <summary>A chat action lasts about 5 s in Telegram.</summary>
    private static readonly TimeSpan ChatActionEvery = TimeSpan.FromSeconds(5);

    /// <summary>Unsettled variants' last reported progress; lost in a crash, reported again by the jobs.</summary>
    private readonly Dictionary<(string OrderId, int Index), VariantProgress> _live = [];

    /// <summary>What each status message shows and when it was edited; lost in a crash, the next edit just goes at once.</summary>
    private readonly Dictionary<string, StatusEditGate> _gates = [];

    private ITimerScheduler Timers => owner.Timers;

    /// <summary>The order's status with the live progress of its unsettled variants.</summary>
    public OrderStatus StatusOf(TrackedOrder order) =>
        order.Status(i => _live.GetValueOrDefault((order.OrderId, i))) with { TypicalDuration = UserSettings.TypicalDuration(order.Opened.Kind) };

    /// <summary>The confirmation became the order's status message: the gate knows what it shows, so no identical edit follows.</summary>
    public void Placed(TrackedOrder order, Screen shown, DateTimeOffset now) =>
        _gates[order.OrderId] = StatusEditGate.SentInitially(shown, OrderStatusView.Milestone(StatusOf(order)), now);

    public void Progressed(TrackedOrder order, VariantProgress progress, DateTimeOffset now)
    {
        _live[(order.OrderId, progress.Index)] = progress;
        Refresh(order, now);
    }

    public void Settled(string orderId, int index) => _live.Remove((orderId, index));

    /// <summary>Edits the order's status message if what it shows changed (progress-only changes at most every few seconds).</summary>
    public void Refresh(TrackedOrder order, DateTimeOffset now)
    {
        var status = StatusOf(order);
        var screen = OrderStatusView.Render(status, now, UiTexts.For(order.Opened.Language));
        if (status.Variants.Any(v => v.Stage == VariantStage.Generating) && !Timers.IsTimerActive(ChatActionTimer(order.OrderId)))
        {
            showActivity(ResultMedia.UploadAction(order.Opened.Kind));
            Timers.StartPeriodicTimer(ChatActionTimer(order.OrderId), new ChatActionDue(order.OrderId), ChatActionEvery);
        }

        var decision = (_gates.GetValueOrDefault(order.OrderId) ?? StatusEditGate.Nothing)
            .Consider(screen, OrderStatusView.Milestone(status), now, settings.StatusEditInterval);
        _gates[order.OrderId] = decision.Gate;
        if (decision.Send)
        {
            editStatus(order.Opened.StatusMessageId, screen);
        }
        else if (decision.DueAt is { } due)
        {
            Timers.StartSingleTimer(EditTimer(order.OrderId), new EditDue(order.OrderId), due - now > TimeSpan.Zero ? due - now : TimeSpan.Zero);
        }
    }

    /// <summary>Shows the chat action again while a variant of the (still unsettled) order generates; stops it otherwise.</summary>
    public void OnChatActionDue(TrackedOrder? order, string orderId)
    {
        if (order is { AllSettled: false }
            && order.OpenIndexes.Any(i => _live.TryGetValue((orderId, i), out var live) && live.Stage == VariantStage.Generating))
        {
            showActivity(ResultMedia.UploadAction(order.Opened.Kind));
        }
        else
        {
            Timers.Cancel(ChatActionTimer(orderId));
        }
    }

    /// <summary>The order was delivered: its status message is final.</summary>
    public void Forget(string orderId)
    {
        _gates.Remove(orderId);
        Timers.Cancel(EditTimer(orderId));
        Timers.Cancel(ChatActionTimer(orderId));
    }

    private static string EditTimer(string orderId) => "status-" + orderId;

    private static string ChatActionTimer(string orderId) => "action-" + orderId;

    /// <summary>A held-back progress edit of the order's status message is due.</summary>
    internal sealed record EditDue(string OrderId);

    /// <summary>Time to show the order's chat action again.</summary>
    internal sealed record ChatActionDue(string OrderId);
}
