using System.Diagnostics;
using System.Globalization;

namespace NeuroActors.Benchmarks;

/// <summary>One measured operation: time and allocation per operation, and the collections it caused.</summary>
public sealed record Figure(string Name, long Operations, TimeSpan Elapsed, long AllocatedBytes, int Gen0, int Gen1, int Gen2)
{
    public double NanosecondsPerOperation => Elapsed.TotalNanoseconds / Operations;

    public double OperationsPerSecond => Operations / Elapsed.TotalSeconds;

    public double BytesPerOperation => (double)AllocatedBytes / Operations;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name,-44} {Time(NanosecondsPerOperation),12}/op {OperationsPerSecond,14:N0} op/s {BytesPerOperation,12:N0} B/op   gen0 {Gen0} gen1 {Gen1} gen2 {Gen2}");

    private static string Time(double ns) => ns switch
    {
        < 10_000 => string.Create(CultureInfo.InvariantCulture, $"{ns:N1} ns"),
        < 10_000_000 => string.Create(CultureInfo.InvariantCulture, $"{ns / 1_000:N1} µs"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ns / 1_000_000:N1} ms"),
    };
}

/// <summary>
/// A plain Stopwatch measurement: warm up, find an iteration count that runs for about <c>round</c>, then take the best of
/// three rounds (the least disturbed by the other processes on the machine). Allocations are counted on this thread.
/// </summary>
public static class Measure
{
    private static long _sink;

    /// <summary>Folded results of every body, so the JIT cannot drop the work; printed once at the end.</summary>
    public static long Sink => Interlocked.Read(ref _sink);

    /// <param name="body">Runs the operation <c>n</c> times and returns something computed from the results.</param>
    /// <param name="operationsPerIteration">Operations one iteration counts as (a journey of six decisions is six).</param>
    public static Figure Run(string name, Func<long, long> body, int operationsPerIteration = 1, TimeSpan? round = null, CancellationToken cancellation = default)
    {
        var target = round ?? TimeSpan.FromMilliseconds(700);

        // Warm-up and calibration: double until one batch runs for a tenth of a round.
        long n = 1;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            Keep(body(n));
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed >= target / 10 || n >= 1L << 40)
            {
                n = Math.Max(1, (long)(n * (target / elapsed)));
                break;
            }

            n *= 2;
        }

        Figure? best = null;
        for (var r = 0; r < 3; r++)
        {
            cancellation.ThrowIfCancellationRequested();
            var figure = Once(name, body, n, operationsPerIteration);
            if (best is null || figure.Elapsed < best.Elapsed)
            {
                best = figure;
            }
        }

        return best!;
    }

    /// <summary>Runs <paramref name="body"/> once for <paramref name="n"/> iterations and measures it.</summary>
    public static Figure Once(string name, Func<long, long> body, long n, int operationsPerIteration = 1)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var (g0, g1, g2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        Keep(body(n));
        var elapsed = Stopwatch.GetElapsedTime(started);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        return new Figure(name, n * operationsPerIteration, elapsed, allocated,
            GC.CollectionCount(0) - g0, GC.CollectionCount(1) - g1, GC.CollectionCount(2) - g2);
    }

    public static void Keep(long value) => Interlocked.Add(ref _sink, value);
}
