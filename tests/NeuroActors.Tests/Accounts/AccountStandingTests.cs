using NeuroActors.Domain.Accounts;
using NeuroActors.Domain.Credits;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Tests.Accounts;

/// <summary>The pure rules of admin and operator account actions: idempotence, limits, debits, bans.</summary>
public sealed class AccountStandingTests
{
    private const long MaxGrant = 100_000;
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_grant_delivered_three_times_counts_once()
    {
        var standing = AccountStanding.Empty;
        var ledger = CreditLedger.Empty;
        var outcomes = new List<AccountOutcome>();
        for (var i = 0; i < 3; i++)
        {
            var decision = standing.Decide(Grant("a-1", 50), ledger, registered: true, Now);
            outcomes.Add(decision.Outcome);
            (standing, ledger) = Fold(standing, ledger, decision);
        }

        Assert.Equal([AccountOutcome.Applied, AccountOutcome.AlreadyApplied, AccountOutcome.AlreadyApplied], outcomes);
        Assert.Equal(50, ledger.Balance);
    }

    [Fact]
    public void The_audit_record_says_who_when_what_and_why()
    {
        var decision = AccountStanding.Empty.Decide(Grant("a-1", 50), CreditLedger.Empty, registered: true, Now);

        Assert.Equal(new AccountAction("a-1", AccountActionKind.Grant, 50, "operator:127.0.0.1", "refund for #ABCD", Now), decision.Action);
        var granted = Assert.IsType<CreditsGranted>(Assert.Single(decision.LedgerEvents));
        Assert.Equal(AccountStanding.LedgerId("a-1"), granted.GrantId);
    }

    [Fact]
    public void An_action_id_used_for_another_action_is_a_conflict_and_changes_nothing()
    {
        var (standing, ledger) = Fold(AccountStanding.Empty, CreditLedger.Empty, AccountStanding.Empty.Decide(Grant("a-1", 50), CreditLedger.Empty, true, Now));

        var again = standing.Decide(new AccountRequest("a-1", AccountActionKind.Debit, 10, "operator:x", "oops"), ledger, true, Now);

        Assert.Equal(AccountOutcome.Conflict, again.Outcome);
        Assert.Null(again.Action);
        Assert.Empty(again.LedgerEvents);
    }

    [Fact]
    public void A_debit_never_takes_the_available_credits_below_zero()
    {
        var ledger = CreditLedger.Empty.Apply(new CreditsGranted("welcome", 30, "welcome", Now));
        ledger = ledger.Apply(new CreditsReserved("ORDER1-1", 20, Now)); // 10 available

        var tooMuch = AccountStanding.Empty.Decide(Debit("d-1", 11), ledger, true, Now);
        var allOfIt = AccountStanding.Empty.Decide(Debit("d-2", 10), ledger, true, Now);

        Assert.Equal(AccountOutcome.InsufficientCredits, tooMuch.Outcome);
        Assert.Empty(tooMuch.LedgerEvents);
        Assert.Equal(AccountOutcome.Applied, allOfIt.Outcome);
        var after = allOfIt.LedgerEvents.Aggregate(ledger, (l, e) => l.Apply(e));
        Assert.Equal((20L, 20L, 0L), (after.Balance, after.Reserved, after.Available));
    }

    [Fact]
    public void A_debit_is_idempotent_in_the_ledger_too()
    {
        var ledger = CreditLedger.Empty.Apply(new CreditsGranted("welcome", 30, "welcome", Now));
        var debit = ledger.Debit("d-1", 10, "chargeback", Now);
        ledger = debit.Events.Aggregate(ledger, (l, e) => l.Apply(e));

        Assert.Equal(LedgerOutcome.AlreadyApplied, ledger.Debit("d-1", 10, "chargeback", Now).Outcome);
        Assert.Equal(LedgerOutcome.Conflict, ledger.Debit("d-1", 11, "chargeback", Now).Outcome);
        Assert.Equal(20, ledger.Apply(debit.Events[0]).Balance); // the same event folded twice counts once
        Assert.Equal(20, CreditLedger.Replay([new CreditsGranted("welcome", 30, "welcome", Now), .. debit.Events]).Balance);
    }

    [Fact]
    public void Nothing_is_decided_for_a_user_who_never_started_the_bot()
    {
        foreach (var request in new[] { Grant("a-1", 5), Debit("d-1", 5), Ban("b-1"), new AccountRequest("u-1", AccountActionKind.Unban, 0, "operator:x", "") })
        {
            var decision = AccountStanding.Empty.Decide(request, CreditLedger.Empty, registered: false, Now);
            Assert.Equal(AccountOutcome.NeverStarted, decision.Outcome);
            Assert.Null(decision.Action);
            Assert.Empty(decision.LedgerEvents);
        }
    }

    [Fact]
    public void A_ban_restricts_until_an_unban_and_a_second_ban_changes_nothing()
    {
        var ledger = CreditLedger.Empty;
        var (banned, _) = Fold(AccountStanding.Empty, ledger, AccountStanding.Empty.Decide(Ban("b-1"), ledger, true, Now));
        Assert.True(banned.Banned);
        Assert.Equal("spam", banned.BanReason);

        Assert.Equal(AccountOutcome.NoChange, banned.Decide(Ban("b-2"), ledger, true, Now).Outcome);

        var unban = banned.Decide(new AccountRequest("u-1", AccountActionKind.Unban, 0, "admin:900000001", ""), ledger, true, Now);
        var (unbanned, _) = Fold(banned, ledger, unban);
        Assert.False(unbanned.Banned);
        Assert.Null(unbanned.BanReason);
        Assert.Equal(AccountOutcome.NoChange, unbanned.Decide(new AccountRequest("u-2", AccountActionKind.Unban, 0, "admin:900000001", ""), ledger, true, Now).Outcome);
    }

    [Theory]
    [InlineData(0, "refund", "positive")]
    [InlineData(-5, "refund", "positive")]
    [InlineData(100_001, "refund", "above the limit of 100000")]
    [InlineData(10, " ", "reason is required")]
    public void Malformed_grants_are_refused_with_the_reason(long amount, string reason, string says)
    {
        var problem = new AccountRequest("a-1", AccountActionKind.Grant, amount, "operator:x", reason).Problem(MaxGrant);

        Assert.NotNull(problem);
        Assert.Contains(says, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ban_needs_no_amount_and_a_well_formed_grant_has_no_problem()
    {
        Assert.Null(Ban("b-1").Problem(MaxGrant));
        Assert.Null(Grant("a-1", MaxGrant).Problem(MaxGrant));
        Assert.NotNull(new AccountRequest("", AccountActionKind.Ban, 0, "operator:x", "").Problem(MaxGrant));
    }

    [Fact]
    public void The_user_is_told_in_their_language_with_the_amount_balance_and_reason()
    {
        var grant = new AccountAction("a-1", AccountActionKind.Grant, 50, "admin:1", "sorry <3", Now);

        var english = AccountTexts.Notice(Language.English, grant, 60);
        var russian = AccountTexts.Notice(Language.Russian, grant, 60);

        Assert.Contains("50 credits", english, StringComparison.Ordinal);
        Assert.Contains("60 credits", english, StringComparison.Ordinal);
        Assert.Contains("sorry &lt;3", english, StringComparison.Ordinal);
        Assert.Contains("50 кредитов", russian, StringComparison.Ordinal);
        Assert.Contains("Причина", russian, StringComparison.Ordinal);
        Assert.NotEqual(AccountTexts.Restricted(Language.English), AccountTexts.Restricted(Language.Russian));
        Assert.StartsWith(AccountTexts.Restricted(Language.Russian), AccountTexts.Notice(Language.Russian, grant with { Kind = AccountActionKind.Ban }, 60), StringComparison.Ordinal);
    }

    private static AccountRequest Grant(string id, long amount) => new(id, AccountActionKind.Grant, amount, "operator:127.0.0.1", "refund for #ABCD");

    private static AccountRequest Debit(string id, long amount) => new(id, AccountActionKind.Debit, amount, "operator:127.0.0.1", "chargeback");

    private static AccountRequest Ban(string id) => new(id, AccountActionKind.Ban, 0, "admin:900000001", "spam");

    private static (AccountStanding, CreditLedger) Fold(AccountStanding standing, CreditLedger ledger, AccountDecision decision) =>
        (decision.Action is { } action ? standing.Apply(action) : standing, decision.LedgerEvents.Aggregate(ledger, (l, e) => l.Apply(e)));
}
