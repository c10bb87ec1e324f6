using NeuroActors.Domain.Credits;

namespace NeuroActors.Tests.Credits;

public class CreditLedgerTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);

    private static CreditLedger Run(CreditLedger ledger, LedgerResult result) => result.Events.Aggregate(ledger, (l, e) => l.Apply(e));

    private static CreditLedger WithGrant(long amount) => Run(CreditLedger.Empty, CreditLedger.Empty.Grant("welcome", amount, "welcome", At));

    [Fact]
    public void A_grant_adds_credits_once_per_grant_id()
    {
        var ledger = WithGrant(10);

        var again = ledger.Grant("welcome", 10, "welcome", At);
        var conflicting = ledger.Grant("welcome", 50, "welcome", At);

        Assert.Equal((10L, 10L), (ledger.Balance, ledger.Available));
        Assert.Equal(LedgerOutcome.AlreadyApplied, again.Outcome);
        Assert.Equal(LedgerOutcome.Conflict, conflicting.Outcome);
        Assert.False(again.Changed || conflicting.Changed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(CreditLedger.MaxAmount + 1)]
    public void A_grant_of_a_non_positive_or_huge_amount_is_refused(long amount)
    {
        Assert.Equal(LedgerOutcome.InvalidAmount, CreditLedger.Empty.Grant("g", amount, "test", At).Outcome);
    }

    [Fact]
    public void A_reservation_sets_credits_aside_and_a_capture_spends_them()
    {
        var ledger = WithGrant(20);

        ledger = Run(ledger, ledger.Reserve("R-1", 15, At));
        Assert.Equal((20L, 15L, 5L), (ledger.Balance, ledger.Reserved, ledger.Available));
        Assert.Equal(ReservationState.Open, ledger.StateOf("R-1"));

        var capture = ledger.Capture("R-1", At);
        Assert.Equal(new CreditsCaptured("R-1", 15, At), Assert.Single(capture.Events));
        ledger = Run(ledger, capture);

        Assert.Equal((5L, 0L, 5L), (ledger.Balance, ledger.Reserved, ledger.Available));
        Assert.Equal(ReservationState.Captured, ledger.StateOf("R-1"));
    }

    [Fact]
    public void A_release_returns_the_reserved_credits()
    {
        var ledger = WithGrant(20);
        ledger = Run(ledger, ledger.Reserve("R-1", 15, At));

        var release = ledger.Release("R-1", "content policy", At);
        ledger = Run(ledger, release);

        Assert.Equal(new CreditsReleased("R-1", 15, "content policy", At), Assert.Single(release.Events));
        Assert.Equal((20L, 0L, 20L), (ledger.Balance, ledger.Reserved, ledger.Available));
    }

    [Fact]
    public void A_reservation_beyond_the_available_credits_is_refused()
    {
        var ledger = WithGrant(20);
        ledger = Run(ledger, ledger.Reserve("R-1", 15, At));

        var result = ledger.Reserve("R-2", 6, At);

        Assert.Equal(LedgerOutcome.InsufficientCredits, result.Outcome);
        Assert.Empty(result.Events);
    }

    [Fact]
    public void Reserving_an_orders_variants_is_all_or_nothing()
    {
        var ledger = WithGrant(20);

        var tooMuch = ledger.ReserveAll([("O-1", 8), ("O-2", 8), ("O-3", 8)], At);
        Assert.Equal(LedgerOutcome.InsufficientCredits, tooMuch.Outcome);

        var fits = ledger.ReserveAll([("O-1", 5), ("O-2", 5), ("O-3", 5)], At);
        Assert.Equal(3, fits.Events.Count);
        ledger = Run(ledger, fits);
        Assert.Equal(5, ledger.Available);

        Assert.Equal(LedgerOutcome.AlreadyApplied, ledger.ReserveAll([("O-1", 5), ("O-2", 5), ("O-3", 5)], At).Outcome);
        Assert.Equal(LedgerOutcome.Conflict, ledger.ReserveAll([("X", 1), ("X", 1)], At).Outcome);
    }

    [Fact]
    public void Repeating_a_reservation_changes_nothing_and_a_different_amount_is_a_conflict()
    {
        var ledger = WithGrant(20);
        ledger = Run(ledger, ledger.Reserve("R-1", 5, At));

        Assert.Equal(LedgerOutcome.AlreadyApplied, ledger.Reserve("R-1", 5, At).Outcome);
        Assert.Equal(LedgerOutcome.Conflict, ledger.Reserve("R-1", 6, At).Outcome);

        ledger = Run(ledger, ledger.Capture("R-1", At));
        Assert.Equal(LedgerOutcome.AlreadyApplied, ledger.Reserve("R-1", 5, At).Outcome);
        Assert.Equal(15, ledger.Available);
    }

    [Fact]
    public void Each_reservation_is_settled_once_whatever_arrives_later()
    {
        var ledger = WithGrant(20);
        ledger = Run(ledger, ledger.Reserve("R-1", 5, At));
        ledger = Run(ledger, ledger.Capture("R-1", At));

        Assert.Equal(LedgerOutcome.AlreadyApplied, ledger.Capture("R-1", At).Outcome);
        Assert.Equal(LedgerOutcome.AlreadySettled, ledger.Release("R-1", "late failure", At).Outcome);

        ledger = Run(ledger, ledger.Reserve("R-2", 5, At));
        ledger = Run(ledger, ledger.Release("R-2", "failed", At));
        Assert.Equal(LedgerOutcome.AlreadyApplied, ledger.Release("R-2", "failed", At).Outcome);
        Assert.Equal(LedgerOutcome.AlreadySettled, ledger.Capture("R-2", At).Outcome);
        Assert.Equal(LedgerOutcome.UnknownReservation, ledger.Capture("never", At).Outcome);
        Assert.Equal(15, ledger.Balance);
    }

    [Fact]
    public void Replaying_the_events_rebuilds_the_same_ledger()
    {
        var events = new List<LedgerEvent>();
        var ledger = CreditLedger.Empty;
        foreach (var result in new Func<CreditLedger, LedgerResult>[]
                 {
                     l => l.Grant("welcome", 10, "welcome", At),
                     l => l.Grant("admin-1", 100, "admin grant", At),
                     l => l.ReserveAll([("A-1", 30), ("A-2", 30)], At),
                     l => l.Capture("A-1", At),
                     l => l.Release("A-2", "timeout", At),
                 })
        {
            var r = result(ledger);
            events.AddRange(r.Events);
            ledger = Run(ledger, r);
        }

        var replayed = CreditLedger.Replay(events);

        Assert.Equal((ledger.Balance, ledger.Reserved, ledger.Available), (replayed.Balance, replayed.Reserved, replayed.Available));
        Assert.Equal((80L, 0L), (replayed.Balance, replayed.Reserved));
    }

    [Fact]
    public void Random_operation_sequences_keep_every_invariant()
    {
        for (var seed = 0; seed < 40; seed++)
        {
            var random = new Random(seed);
            var ledger = CreditLedger.Empty;
            var journal = new List<LedgerEvent>();
            var ids = Enumerable.Range(0, 120).Select(i => $"R-{i}").ToArray();

            for (var step = 0; step < 1500; step++)
            {
                var id = ids[random.Next(ids.Length)];
                var result = random.Next(7) switch
                {
                    0 => ledger.Grant($"G-{random.Next(30)}", random.Next(-5, 60), "grant", At),
                    1 or 2 => ledger.Reserve(id, random.Next(-2, 40), At),
                    3 => ledger.ReserveAll([(id, random.Next(0, 20)), (ids[random.Next(ids.Length)], random.Next(0, 20))], At),
                    4 => ledger.Capture(id, At),
                    _ => ledger.Release(id, "random", At),
                };

                Assert.Equal(result.Outcome == LedgerOutcome.Applied, result.Changed);
                journal.AddRange(result.Events);
                ledger = Run(ledger, result);

                Assert.True(ledger.Balance >= 0, $"seed {seed} step {step}: negative balance");
                Assert.True(ledger.Available >= 0, $"seed {seed} step {step}: negative available");
                Assert.Equal(ledger.OpenReservations.Values.Sum(), ledger.Reserved);
            }

            // Balance is the sum of the entries; reserved is what was reserved and not yet settled.
            var granted = journal.OfType<CreditsGranted>().Sum(e => e.Amount);
            var captured = journal.OfType<CreditsCaptured>().Sum(e => e.Amount);
            var released = journal.OfType<CreditsReleased>().Sum(e => e.Amount);
            var reserved = journal.OfType<CreditsReserved>().Sum(e => e.Amount);
            Assert.Equal(granted - captured, ledger.Balance);
            Assert.Equal(reserved - captured - released, ledger.Reserved);

            // Each reservation was made once and settled at most once.
            Assert.All(journal.OfType<CreditsReserved>().GroupBy(e => e.RequestId), g => Assert.Single(g));
            var settlements = journal.Where(e => e is CreditsCaptured or CreditsReleased)
                .GroupBy(e => e is CreditsCaptured c ? c.RequestId : ((CreditsReleased)e).RequestId);
            Assert.All(settlements, g => Assert.Single(g));

            // Each grant id counted once.
            Assert.All(journal.OfType<CreditsGranted>().GroupBy(e => e.GrantId), g => Assert.Single(g));

            var replayed = CreditLedger.Replay(journal);
            Assert.Equal((ledger.Balance, ledger.Reserved), (replayed.Balance, replayed.Reserved));
        }
    }
}
