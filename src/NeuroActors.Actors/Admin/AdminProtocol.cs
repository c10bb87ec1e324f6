using System.Collections.Immutable;
using NeuroActors.Actors.Serialization;
using NeuroActors.Domain.Admin;
using NeuroActors.Domain.Broadcasts;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Actors.Admin;

/// <summary>Every message routed to an admin entity names the admin's Telegram user id, the entity id.</summary>
public interface IAdminCommand : INeuroMessage
{
    long AdminId { get; }
}

public interface IAdminEvent : INeuroMessage;

// Commands

/// <summary>
/// An update from an admin (any update: the gateway routes every update of an <c>Admin:TelegramIds</c> user here). Answered
/// with <c>UpdateAccepted</c> once persisted: by the admin actor for what it handles, by the user actor for the rest.
/// </summary>
[Manifest("admin-handle-update.v1")]
public sealed record HandleAdminUpdate(long AdminId, IncomingUpdate Update) : IAdminCommand;

/// <summary>
/// A node's key pool took a KIE key out of rotation (401 or 402). Every node whose jobs meet the key raises it; the admin
/// actor tells its admin once per incident (until the key is re-enabled by /key on, or a day has passed).
/// </summary>
[Manifest("admin-key-disabled.v1")]
public sealed record AlertKeyDisabled(long AdminId, string KeyId, string Reason, string? KieSaid, DateTimeOffset At) : IAdminCommand;

// Events

/// <summary>What an audited admin action does.</summary>
public enum AdminActionKind
{
    Grant,
    Debit,
    Ban,
    Unban,
    ModelOn,
    ModelOff,
    Sync,
    KeyOn,
    BroadcastStart,
    BroadcastPause,
    BroadcastResume,
    BroadcastStop,
    PromoNew,
    PromoOff,
}

/// <summary>
/// The audit record of an action that changes anything (who, when, what, why), written with the update's id before the
/// action's effect. <paramref name="Target"/> is what it acts on (a user id, a model id, a key id, a broadcast id); a
/// broadcast's start carries its <paramref name="Content"/> and <paramref name="Audience"/>, so it can be started again after a crash.
/// A promo code's creation carries its <paramref name="Promo"/> terms (the code is the target).
/// </summary>
[Manifest("admin-action-recorded.v1")]
public sealed record AdminActionRecorded(
    long UpdateId,
    long AdminId,
    AdminActionKind Kind,
    string Target,
    long Amount,
    string Reason,
    long ChatId,
    Language Language,
    DateTimeOffset At,
    BroadcastContent? Content = null,
    BroadcastAudience? Audience = null,
    Domain.Promos.PromoTerms? Promo = null) : IAdminEvent
{
    /// <summary>The account action id: the update's id, so a redelivered update applies once.</summary>
    public string ActionId => "tg:" + UpdateId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string By => "admin:" + AdminId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>An audited action's effect is done (or refused) and the admin was told; until then it is done again after a restart.</summary>
[Manifest("admin-action-completed.v1")]
public sealed record AdminActionCompleted(long UpdateId, string Result, DateTimeOffset At) : IAdminEvent;

/// <summary>An update the admin actor handled itself, so its redelivery changes nothing.</summary>
[Manifest("admin-update-handled.v1")]
public sealed record AdminUpdateRecorded(long UpdateId, DateTimeOffset At) : IAdminEvent;

[Manifest("admin-broadcast-drafted.v1")]
public sealed record BroadcastDrafted(long BroadcastId, DateTimeOffset At) : IAdminEvent;

[Manifest("admin-broadcast-content-set.v1")]
public sealed record BroadcastContentSet(long BroadcastId, BroadcastContent Content) : IAdminEvent;

[Manifest("admin-broadcast-audience-chosen.v1")]
public sealed record BroadcastAudienceChosen(long BroadcastId, BroadcastAudience Audience) : IAdminEvent;

/// <summary>The draft was cancelled, left for another command, or confirmed (then a <see cref="AdminActionRecorded"/> goes with it).</summary>
[Manifest("admin-broadcast-draft-closed.v1")]
public sealed record BroadcastDraftClosed(long BroadcastId, string Why, DateTimeOffset At) : IAdminEvent;

/// <summary>The admin was told that a key is out of rotation; later alerts of the same incident stay silent.</summary>
[Manifest("admin-key-alerted.v1")]
public sealed record KeyAlertRecorded(string KeyId, DateTimeOffset At) : IAdminEvent;

/// <summary>An admin entity's state; also its snapshot. Change it only through <see cref="Apply"/>.</summary>
/// <param name="Pending">Audited actions whose effect is not known to be done: done again after a restart (each is idempotent).</param>
/// <param name="Started">Broadcast ids already started (bounded), so a double-tapped confirm starts one.</param>
/// <param name="AlertedKeys">KIE keys whose incident the admin was told of, and when (one entry per configured key at most).</param>
[Manifest("admin-state.v1")]
public sealed record AdminState(
    long AdminId,
    HandledUpdates Handled,
    BroadcastDraft? Draft,
    ImmutableList<AdminActionRecorded> Pending,
    ImmutableList<long> Started,
    ImmutableDictionary<string, DateTimeOffset>? AlertedKeys = null) : ISnapshotState
{
    /// <summary>A key still out of rotation this long after its alert is alerted again (someone may have enabled it meanwhile without /key on).</summary>
    public static readonly TimeSpan KeyAlertQuiet = TimeSpan.FromDays(1);

    /// <summary>Broadcast ids remembered as started; an admin starts a few a week.</summary>
    public const int StartedKept = 1_000;

    public static AdminState Empty(long adminId) => new(adminId, HandledUpdates.Empty, null, ImmutableList<AdminActionRecorded>.Empty, ImmutableList<long>.Empty);

    public AdminState Apply(IAdminEvent @event) => @event switch
    {
        AdminUpdateRecorded e => this with { Handled = Handled.Mark(e.UpdateId, e.At) },
        AdminActionRecorded e when e.Kind == AdminActionKind.KeyOn => this with { Pending = Pending.Add(e), AlertedKeys = AlertedKeys?.Remove(e.Target) },
        AdminActionRecorded e => this with
        {
            Pending = Pending.Add(e),
            Started = e.Kind == AdminActionKind.BroadcastStart && long.TryParse(e.Target, out var id) ? Remember(id) : Started,
        },
        KeyAlertRecorded e => this with { AlertedKeys = (AlertedKeys ?? ImmutableDictionary<string, DateTimeOffset>.Empty.WithComparers(StringComparer.Ordinal)).SetItem(e.KeyId, e.At) },
        AdminActionCompleted e => this with { Pending = Pending.RemoveAll(p => p.UpdateId == e.UpdateId) },
        BroadcastDrafted e => this with { Draft = new BroadcastDraft(e.BroadcastId) },
        BroadcastContentSet e when Draft?.BroadcastId == e.BroadcastId => this with { Draft = Draft with { Content = e.Content } },
        BroadcastAudienceChosen e when Draft?.BroadcastId == e.BroadcastId => this with { Draft = Draft with { Audience = e.Audience } },
        BroadcastDraftClosed e when Draft?.BroadcastId == e.BroadcastId => this with { Draft = null },
        _ => this,
    };

    /// <summary>Whether an alert about <paramref name="keyId"/> at <paramref name="at"/> starts a new incident for this admin.</summary>
    public bool IsNewKeyIncident(string keyId, DateTimeOffset at) =>
        AlertedKeys is null || !AlertedKeys.TryGetValue(keyId, out var alerted) || at - alerted >= KeyAlertQuiet;

    private ImmutableList<long> Remember(long broadcastId)
    {
        var started = Started.Contains(broadcastId) ? Started : Started.Add(broadcastId);
        return started.Count > StartedKept ? started.RemoveRange(0, started.Count - StartedKept) : started;
    }
}
