using System.Globalization;
using NeuroActors.Domain.Credits;

namespace NeuroActors.Benchmarks;

/// <summary>The credit ledger: decide-and-fold throughput, and rebuilding it from its journal.</summary>
public static class LedgerBenchmark
{
    public const int ReplayEvents = 10_000;

    // Enough distinct request ids that an id comes back only after the ledger has forgotten it (it keeps the last 10,000).
    private static readonly string[] RequestIds = Enumerable.Range(0, 1 << 16).Select(i => "job-" + i.ToString("D6", CultureInfo.InvariantCulture)).ToArray();

    public static async Task RunAsync(BenchmarkContext context)
    {
        var at = new DateTimeOffset(2026, 3, 14, 18, 5, 0, TimeSpan.Zero);
        var ledger = Fold(CreditLedger.Empty, CreditLedger.Empty.Grant("welcome", CreditLedger.MaxAmount, "benchmark", at));
        var next = 0;

        await context.Output.WriteLineAsync(Measure.Run("reserve + capture (decide and fold)", n =>
        {
            long captured = 0;
            for (var i = 0; i < n; i++)
            {
                var id = RequestIds[next++ & (RequestIds.Length - 1)];
                var reserved = ledger.Reserve(id, 5, at);
                ledger = Fold(ledger, reserved);
                var capture = ledger.Capture(id, at);
                ledger = Fold(ledger, capture);
                captured += capture.Events.Count;
            }

            return captured;
        }, cancellation: context.Cancellation).ToString());
        await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  ledger after: balance {ledger.Balance:N0}, open {ledger.OpenReservations.Count}, settled kept {ledger.Settled.Count:N0}"));

        var journal = Journal(at);
        var replayed = CreditLedger.Replay(journal);
        await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"journal: {journal.Count:N0} events (grants, reserves, captures, releases) -> balance {replayed.Balance:N0}, available {replayed.Available:N0}"));
        var replay = Measure.Run($"replay of {journal.Count:N0} events", n =>
        {
            long balance = 0;
            for (var i = 0; i < n; i++)
            {
                balance += CreditLedger.Replay(journal).Balance;
            }

            return balance;
        }, round: TimeSpan.FromSeconds(2), cancellation: context.Cancellation);
        await context.Output.WriteLineAsync(replay.ToString());
        await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  = {replay.OperationsPerSecond * journal.Count:N0} events/s, {replay.BytesPerOperation / journal.Count:N0} B/event"));
        await context.Output.WriteLineAsync($"(sink {Measure.Sink})");
    }

    /// <summary>A user's plausible journal: a grant now and then, orders reserved, most captured, some released.</summary>
    private static List<LedgerEvent> Journal(DateTimeOffset at)
    {
        var events = new List<LedgerEvent>(ReplayEvents);
        var ledger = CreditLedger.Empty;
        var i = 0;
        while (events.Count < ReplayEvents)
        {
            var when = at.AddSeconds(i);
            var result = (i % 50) switch
            {
                0 => ledger.Grant("grant-" + i.ToString(CultureInfo.InvariantCulture), 1_000, "top-up", when),
                _ when ledger.OpenReservations.Count < 3 => ledger.Reserve("job-" + i.ToString(CultureInfo.InvariantCulture), 4, when),
                _ when i % 7 == 0 => ledger.Release(ledger.OpenReservations.Keys.Order(StringComparer.Ordinal).First(), "failed", when),
                _ => ledger.Capture(ledger.OpenReservations.Keys.Order(StringComparer.Ordinal).First(), when),
            };
            foreach (var e in result.Events.Take(ReplayEvents - events.Count))
            {
                events.Add(e);
                ledger = ledger.Apply(e);
            }

            i++;
        }

        return events;
    }

    private static CreditLedger Fold(CreditLedger ledger, LedgerResult result)
    {
        foreach (var e in result.Events)
        {
            ledger = ledger.Apply(e);
        }

        return ledger;
    }
}
