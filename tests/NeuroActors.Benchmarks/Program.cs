namespace NeuroActors.Benchmarks;

/// <summary>What a benchmark gets: where to print, its extra arguments, and a token for Ctrl+C.</summary>
public sealed record BenchmarkContext(TextWriter Output, IReadOnlyList<string> Arguments, CancellationToken Cancellation);

/// <summary>A named benchmark: prints figures, asserts nothing.</summary>
public sealed record Benchmark(string Description, Func<BenchmarkContext, Task> RunAsync);

/// <summary>
/// <c>dotnet run -c Release --project tests/NeuroActors.Benchmarks -- &lt;name&gt; [args]</c>; <c>-- list</c> names them.
/// </summary>
public static class Program
{
    /// <summary>Every benchmark by name. A new one (e.g. the <c>flow</c> load benchmark) is one more entry here.</summary>
    public static IReadOnlyDictionary<string, Benchmark> All { get; } = new Dictionary<string, Benchmark>(StringComparer.OrdinalIgnoreCase)
    {
        ["menu"] = new("catalogue load from YAML; main menu, model list, model card and order status rendering", MenuBenchmark.RunAsync),
        ["decide"] = new("ConversationMachine.Decide over a scripted journey: /start, kind, model, prompt, variants, confirm", DecideBenchmark.RunAsync),
        ["ledger"] = new("CreditLedger reserve/capture throughput and replay of 10,000 events", LedgerBenchmark.RunAsync),
        ["flow"] = new("a whole node through the sandbox: updates/s to confirmed orders, update-to-reply latency, memory per user and per job, journal rows per job", FlowBenchmark.RunAsync),
        ["load"] = new("the node in webhook mode (child process), N users walking to a delivered result: updates/s, first-reply and webhook p50/p95/p99, results/s, CPU, peak RSS, journal rows/s; --users --concurrent --think --pg", LoadBenchmark.RunAsync),
        ["jobs"] = new("10,000 jobs in flight on one node while KIE holds them: GC heap and RSS, then the time until every result reached its chat", JobsBenchmark.RunJobsAsync),
        ["recovery"] = new("kill -9 with 1,000 jobs in flight, restart: time until every job runs again and every result arrives, 0 lost", JobsBenchmark.RunRecoveryAsync),
    };

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "list" or "--list" or "-h" or "--help")
        {
            PrintList(Console.Out);
            return args.Length == 0 ? 2 : 0;
        }

        if (!All.TryGetValue(args[0], out var benchmark))
        {
            await Console.Error.WriteLineAsync($"No benchmark named '{args[0]}'.");
            PrintList(Console.Error);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

#if DEBUG
        await Console.Out.WriteLineAsync("Warning: a Debug build; figures mean little. Run with -c Release.");
#endif
        await Console.Out.WriteLineAsync($"{args[0]}: {benchmark.Description}");
        await Console.Out.WriteLineAsync($".NET {Environment.Version}, {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}");
        await benchmark.RunAsync(new BenchmarkContext(Console.Out, args[1..], cancel.Token));
        return 0;
    }

    private static void PrintList(TextWriter output)
    {
        output.WriteLine("Usage: dotnet run -c Release --project tests/NeuroActors.Benchmarks -- <name>");
        foreach (var (name, benchmark) in All.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {name,-9} {benchmark.Description}");
        }
    }
}
