using System.Collections.Immutable;
using NeuroActors.Domain.Credits;

namespace NeuroActors.Domain.Accounts;

/// <summary>What an admin or operator does to a user's account.</summary>
public enum AccountActionKind
{
    Grant,
    Debit,
    Ban,
    Unban,
}

/// <summary>
/// One admin or operator action as asked: <paramref name="ActionId"/> makes it happen once however often it is delivered;
/// <paramref name="By"/> is who asked ("operator:&lt;address&gt;" or "admin:&lt;telegram id&gt;"). Amount is 0 for a ban or unban.
/// </summary>
public sealed record AccountRequest(string ActionId, AccountActionKind Kind, long Amount, string By, string Reason)
{
    /// <summary>Longest reason kept (it is shown to the user and stored in the audit record).</summary>
    public const int MaxReasonChars = 500;

    /// <summary>Longest action id accepted (they are keys of the user's state).</summary>
    public const int MaxActionIdChars = 100;

    /// <summary>
    /// Why the request is malformed (a person reads it), or null when it is well formed; <paramref name="maxAmount"/> is
    /// <c>Admin:MaxGrant</c>. The operator API requires a reason for a grant or debit; an admin in Telegram may leave it out (UX.md).
    /// </summary>
    public string? Problem(long maxAmount, bool reasonRequired = true)
    {
        if (string.IsNullOrWhiteSpace(ActionId) || ActionId.Length > MaxActionIdChars)
        {
            return $"the action id must be 1 to {MaxActionIdChars} characters";
        }

        if (string.IsNullOrWhiteSpace(By))
        {
            return "who asked (by) is required";
        }

        if ((Reason?.Length ?? 0) > MaxReasonChars)
        {
            return $"the reason is longer than {MaxReasonChars} characters";
        }

        return Kind switch
        {
            AccountActionKind.Grant or AccountActionKind.Debit when Amount <= 0 => "the amount must be a positive whole number of credits",
            AccountActionKind.Grant or AccountActionKind.Debit when Amount > maxAmount => $"the amount {Amount} is above the limit of {maxAmount} per action (Admin:MaxGrant)",
            AccountActionKind.Grant or AccountActionKind.Debit when reasonRequired && string.IsNullOrWhiteSpace(Reason) => "a reason is required for a grant or a debit",
            _ => null,
        };
    }
}

/// <summary>An action as done: the audit record (who, when, what, why), persisted with its effect in one write.</summary>
public sealed record AccountAction(string ActionId, AccountActionKind Kind, long Amount, string By, string Reason, DateTimeOffset At);

public enum AccountOutcome
{
    /// <summary>Done now: persist the events.</summary>
    Applied,

    /// <summary>This action id was done before; nothing changes.</summary>
    AlreadyApplied,

    /// <summary>This action id was used before for another action; nothing changes.</summary>
    Conflict,

    /// <summary>Nothing to do (a ban of a banned user, an unban of one who is not banned); nothing changes.</summary>
    NoChange,

    /// <summary>A debit larger than the available credits; nothing changes.</summary>
    InsufficientCredits,

    /// <summary>A malformed or oversized amount; nothing changes.</summary>
    InvalidAmount,

    /// <summary>The user never started the bot; nothing is created.</summary>
    NeverStarted,
}

/// <summary>What <see cref="AccountStanding.Decide"/> concluded; <see cref="Action"/> and <see cref="LedgerEvents"/> only when applied.</summary>
public sealed record AccountDecision(AccountOutcome Outcome, AccountAction? Action, IReadOnlyList<LedgerEvent> LedgerEvents)
{
    public static AccountDecision Unchanged(AccountOutcome outcome) => new(outcome, null, []);
}

/// <summary>
/// A user's standing with the admins: banned or not, and the admin actions already done (for idempotence). Pure; the
/// user actor persists what <see cref="Decide"/> returns and folds it back with <see cref="Apply"/>.
/// </summary>
public sealed record AccountStanding(
    bool Banned,
    string? BanReason,
    DateTimeOffset? BannedAt,
    ImmutableDictionary<string, AccountActionKind> Done,
    ImmutableQueue<string> DoneOrder)
{
    /// <summary>How many action ids are remembered; admin actions are rare, so this spans years of a user's life.</summary>
    public const int DoneKept = 1_000;

    public static AccountStanding Empty { get; } = new(false, null, null, ImmutableDictionary<string, AccountActionKind>.Empty.WithComparers(StringComparer.Ordinal), ImmutableQueue<string>.Empty);

    /// <summary>Decides a request against this standing and the user's ledger; nothing is decided for a user who never started the bot.</summary>
    public AccountDecision Decide(AccountRequest request, CreditLedger ledger, bool registered, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(ledger);
        if (Done.TryGetValue(request.ActionId, out var doneKind))
        {
            return AccountDecision.Unchanged(doneKind == request.Kind ? AccountOutcome.AlreadyApplied : AccountOutcome.Conflict);
        }

        if (!registered)
        {
            return AccountDecision.Unchanged(AccountOutcome.NeverStarted);
        }

        var action = new AccountAction(request.ActionId, request.Kind, request.Amount, request.By, request.Reason ?? string.Empty, now);
        var ledgerResult = request.Kind switch
        {
            AccountActionKind.Grant => ledger.Grant(LedgerId(request.ActionId), request.Amount, action.Reason, now),
            AccountActionKind.Debit => ledger.Debit(LedgerId(request.ActionId), request.Amount, action.Reason, now),
            _ => null,
        };

        if (ledgerResult is not null)
        {
            return ledgerResult.Outcome switch
            {
                LedgerOutcome.Applied => new AccountDecision(AccountOutcome.Applied, action, ledgerResult.Events),
                LedgerOutcome.InsufficientCredits => AccountDecision.Unchanged(AccountOutcome.InsufficientCredits),
                LedgerOutcome.AlreadyApplied => AccountDecision.Unchanged(AccountOutcome.AlreadyApplied),
                LedgerOutcome.Conflict => AccountDecision.Unchanged(AccountOutcome.Conflict),
                _ => AccountDecision.Unchanged(AccountOutcome.InvalidAmount),
            };
        }

        var changes = request.Kind == AccountActionKind.Ban ? !Banned : Banned;
        return changes ? new AccountDecision(AccountOutcome.Applied, action, []) : AccountDecision.Unchanged(AccountOutcome.NoChange);
    }

    /// <summary>Folds a done action (its ledger events are folded by the ledger).</summary>
    public AccountStanding Apply(AccountAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Done.ContainsKey(action.ActionId))
        {
            return this;
        }

        var done = Done.Add(action.ActionId, action.Kind);
        var order = DoneOrder.Enqueue(action.ActionId);
        while (done.Count > DoneKept)
        {
            order = order.Dequeue(out var oldest);
            done = done.Remove(oldest);
        }

        var next = this with { Done = done, DoneOrder = order };
        return action.Kind switch
        {
            AccountActionKind.Ban => next with { Banned = true, BanReason = action.Reason, BannedAt = action.At },
            AccountActionKind.Unban => next with { Banned = false, BanReason = null, BannedAt = null },
            _ => next,
        };
    }

    /// <summary>The ledger id of an admin grant or debit: its own namespace, so it never meets a welcome or payment grant's id.</summary>
    public static string LedgerId(string actionId) => "admin:" + actionId;
}
