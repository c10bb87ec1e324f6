using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Cluster;
using NeuroActors.Domain.Telegram;
using NeuroActors.Sandbox;
using NeuroActors.Sandbox.Telegram;

namespace NeuroActors.Benchmarks;

/// <summary>What the whole-node benchmarks share: the sandbox in a child process, users, figures and their formatting.</summary>
internal static partial class BenchmarkKit
{
    public const string BotToken = "7100000002:AAflowBenchmarkToken_neuroactors";
    public const string KieKey = "sandbox-key";
    public const string Model = "google/nano-banana";
    public const string WebhookSecret = "benchmark_webhook-secret-0042";
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A new empty folder to start a child process in. ASP.NET watches its content root (the working directory) for changes
    /// to appsettings, with inotify over every folder below it: started in /tmp, the node's watcher woke for every file the
    /// databases and the other processes wrote there (5 % of its time in a profile).
    /// </summary>
    public static string EmptyWorkingDirectory() => Directory.CreateTempSubdirectory("neuroactors-cwd-").FullName;

    public static bool Verbose { get; } = Environment.GetEnvironmentVariable("NEUROACTORS_FLOW_BENCHMARK_LOG") == "1";

    /// <summary>Settings of a node on the sandbox at <paramref name="origin"/>: the bot token, KIE with callbacks to the node, no key pacing.</summary>
    public static Dictionary<string, string?> NodeSettings(Uri origin, int nodePort, string provider, string connectionString)
    {
        var sandbox = origin.ToString().TrimEnd('/');
        return new Dictionary<string, string?>
        {
            ["Persistence:Provider"] = provider,
            ["Persistence:ConnectionString"] = connectionString,
            ["Http:Urls"] = $"http://127.0.0.1:{nodePort}",
            ["Cluster:Port"] = "0",
            ["Telegram:BotToken"] = BotToken,
            ["Telegram:ApiBaseUrl"] = sandbox,
            ["Kie:BaseUrl"] = sandbox,
            ["Kie:UploadBaseUrl"] = sandbox,
            ["Kie:ApiKeys"] = KieKey,
            ["Kie:CallbackBaseUrl"] = $"http://127.0.0.1:{nodePort}",
            ["Kie:Pacing:CreatesPerWindow"] = "100000",
            ["Kie:Pacing:QueriesPerWindow"] = "100000",
            ["Credits:Welcome"] = "1000",
            // Asking KIE about each of the catalogue's models at start delays the first menus by tens of seconds on a
            // busy machine; the benchmarks measure serving, not the start-up probe.
            ["Catalog:ProbeKie"] = "false",
        };
    }

    /// <summary>The sandbox (Bot API and KIE) in a child process, so its CPU and memory are not the measured node's.</summary>
    public static async Task<SandboxProcess> StartSandboxAsync(int port, CancellationToken cancellation, params string[] extraArguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = BenchmarkKit.EmptyWorkingDirectory() };
        start.ArgumentList.Add(typeof(SandboxProgram).Assembly.Location);
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        start.ArgumentList.Add("--Sandbox:KieKeys=" + KieKey);
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        foreach (var argument in extraArguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var sandbox = new SandboxProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        await WaitUntilAnswersAsync(sandbox.Origin, "sandbox/telegram/stats", process, cancellation);
        return sandbox;
    }

    /// <summary>Waits until GET <paramref name="path"/> answers 2xx (the process is up and ready).</summary>
    public static async Task WaitUntilAnswersAsync(Uri origin, string path, Process process, CancellationToken cancellation, TimeSpan? patience = null)
    {
        using var probe = new HttpClient { BaseAddress = origin, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTimeOffset.UtcNow + (patience ?? Patience);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.StartInfo.ArgumentList[0]} exited with code {process.ExitCode} before it was ready.");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri(path, UriKind.Relative), cancellation);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
            {
                // not listening yet
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{origin}{path} did not answer within {(patience ?? Patience).TotalSeconds:N0} s.");
            }

            await Task.Delay(100, cancellation);
        }
    }

    public static async Task<List<long>> CreateUsersAsync(BotSandboxClient telegram, int count, string prefix, CancellationToken cancellation)
    {
        var users = new long[count];
        await ForEachAsync(Enumerable.Range(0, count).Select(n => (long)n).ToList(), 16, async n =>
        {
            users[n] = (await telegram.CreateUserAsync(prefix + n.ToString(CultureInfo.InvariantCulture), "en", cancellationToken: cancellation)).Id;
            return 0;
        });
        return [.. users];
    }

    /// <summary>Runs <paramref name="body"/> for every item, at most <paramref name="concurrency"/> at once.</summary>
    public static async Task<List<T>> ForEachAsync<T>(IReadOnlyList<long> items, int concurrency, Func<long, Task<T>> body)
    {
        using var gate = new SemaphoreSlim(concurrency);
        return (await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync();
            try
            {
                return await body(item);
            }
            finally
            {
                gate.Release();
            }
        }))).ToList();
    }

    public static CallbackAction Action(TranscriptButton button) => CallbackCodec.Decode(button.CallbackData);

    public static Task Row(TextWriter output, string figure, string value) => output.WriteLineAsync($"| {figure,-58} | {value} |");

    public static async Task TableHeader(TextWriter output)
    {
        await output.WriteLineAsync();
        await output.WriteLineAsync($"| {"figure",-58} | value |");
        await output.WriteLineAsync($"|{new string('-', 60)}|-------|");
    }

    public static string Percentiles(IEnumerable<TimeSpan> values, string unit = "updates")
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0
            ? "none"
            : string.Create(CultureInfo.InvariantCulture, $"{At(sorted, 0.50):N1} / {At(sorted, 0.95):N1} / {At(sorted, 0.99):N1} ms ({sorted.Count} {unit})");
    }

    private static double At(IReadOnlyList<TimeSpan> sorted, double quantile) =>
        sorted[Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(quantile * sorted.Count) - 1))].TotalMilliseconds;

    public static string Megabytes(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024):N1} MB");

    public static string Seconds(TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:N1} s");

    public static long FullGcMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    public static async Task WaitForMemberUpAsync(ActorSystem system)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The order id a status message or a closing message shows (<c>#ABCDE12345</c>).</summary>
    [GeneratedRegex(@"#([A-Z0-9]{10})\b")]
    public static partial Regex OrderTag();

    public static bool IsClosing(TranscriptMessage message, string orderId) =>
        message.Media is null && message.PlainText?.Contains("#" + orderId, StringComparison.Ordinal) == true
            && message.Buttons.Any(b => Action(b) is CallbackAction.MakeAnother);

    /// <summary>Value of <c>--name</c> in the arguments, or <paramref name="fallback"/>.</summary>
    public static string? Option(IReadOnlyList<string> arguments, string name, string? fallback = null)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] == "--" + name)
            {
                return i + 1 < arguments.Count ? arguments[i + 1] : fallback;
            }

            if (arguments[i].StartsWith("--" + name + "=", StringComparison.Ordinal))
            {
                return arguments[i][(name.Length + 3)..];
            }
        }

        return fallback;
    }

    public static int IntOption(IReadOnlyList<string> arguments, string name, int fallback) =>
        int.Parse(Option(arguments, name, fallback.ToString(CultureInfo.InvariantCulture))!, CultureInfo.InvariantCulture);

    public static bool Flag(IReadOnlyList<string> arguments, string name) => arguments.Contains("--" + name);
}

/// <summary>The sandbox child process; killed with its tree when disposed.</summary>
internal sealed class SandboxProcess(Process process, Uri origin) : IDisposable
{
    public Process Process { get; } = process;

    public Uri Origin { get; } = origin;

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }

        Process.Dispose();
    }
}
