using System.Globalization;
using System.Text.RegularExpressions;

namespace NeuroActors.Sandbox.Kie;

/// <summary>How a request is broken at the connection level.</summary>
public enum KieConnectionFault
{
    /// <summary>The connection is reset without an answer.</summary>
    Drop,

    /// <summary>No answer until <see cref="KieSimulatorOptions.HangDuration"/> has passed (the client's timeout fires first), then a drop.</summary>
    Hang,

    /// <summary>
    /// The request is served in full (a create makes and runs its task, callbacks included), then the connection is reset
    /// instead of the answer: the client cannot tell whether anything happened.
    /// </summary>
    LoseAnswer,
}

/// <summary>How a task ends.</summary>
public enum KieTaskOutcome
{
    Success,

    /// <summary>State <c>fail</c> with failCode "422" and the documented prohibited-content failMsg.</summary>
    ContentPolicy,

    /// <summary>State <c>fail</c> with failCode "501" (Generation Failed).</summary>
    GenerationFailed,

    /// <summary>The task stays in <c>generating</c> until the control API finishes it or the simulator is reset.</summary>
    NeverFinishes,
}

/// <summary>
/// Failures and delays injected into requests and tasks. Every part is optional; when several sources apply
/// (model, key, the one-shot "next task", prompt markers, in this order) a later source's non-null parts win.
/// </summary>
/// <param name="CreateError">createTask answers this envelope code instead of creating (402, 429, 433, 455, 500, 505 ...).</param>
/// <param name="CreateFault">createTask drops the connection or hangs.</param>
/// <param name="PollFault">Every recordInfo of the task drops the connection or hangs.</param>
/// <param name="Outcome">How the task ends (default success).</param>
/// <param name="GeneratingMs">How long the task stays in <c>generating</c>.</param>
/// <param name="FailingPolls">The first N recordInfo calls of the task answer <see cref="FailingPollCode"/>.</param>
/// <param name="FailingPollCode">Envelope code of the failing polls (default 500).</param>
/// <param name="NullPolls">The first N recordInfo calls of the task answer 422 "recordInfo is null" whatever its state.</param>
public sealed record KieBehaviour(
    int? CreateError = null,
    KieConnectionFault? CreateFault = null,
    KieConnectionFault? PollFault = null,
    KieTaskOutcome? Outcome = null,
    int? GeneratingMs = null,
    int? FailingPolls = null,
    int? FailingPollCode = null,
    int? NullPolls = null)
{
    public static KieBehaviour None { get; } = new();

    /// <summary>This behaviour with <paramref name="other"/>'s non-null parts laid over it.</summary>
    public KieBehaviour Then(KieBehaviour? other) => other is null
        ? this
        : new KieBehaviour(
            other.CreateError ?? CreateError,
            other.CreateFault ?? CreateFault,
            other.PollFault ?? PollFault,
            other.Outcome ?? Outcome,
            other.GeneratingMs ?? GeneratingMs,
            other.FailingPolls ?? FailingPolls,
            other.FailingPollCode ?? FailingPollCode,
            other.NullPolls ?? NullPolls);
}

/// <summary>A documented prompt marker.</summary>
public sealed record KiePromptMarker(string Marker, string Effect);

/// <summary>
/// Failure injection by a marker anywhere in a create request's body (usually the prompt); markers are case-insensitive
/// and stay in the stored request:
/// <list type="bullet">
/// <item><c>[[fail:content-policy]]</c> the task fails with failCode "422", "Invalid prompt: prompt contains prohibited content".</item>
/// <item><c>[[fail:generation]]</c> (or <c>[[fail:501]]</c>) the task fails with failCode "501".</item>
/// <item><c>[[fail:402]]</c>, <c>[[fail:429]]</c>, <c>[[fail:433]]</c>, <c>[[fail:455]]</c>, <c>[[fail:500]]</c>, <c>[[fail:505]]</c> createTask answers that code.</item>
/// <item><c>[[never-finish]]</c> the task stays in generating.</item>
/// <item><c>[[slow:5s]]</c> (ms, s or m) generating lasts that long.</item>
/// <item><c>[[drop:create]]</c>, <c>[[hang:create]]</c>, <c>[[drop:poll]]</c>, <c>[[hang:poll]]</c> connection faults (nothing is created).</item>
/// <item><c>[[lose-answer:create]]</c> the task is created and runs (its callbacks too), but the create's answer is a reset connection.</item>
/// <item><c>[[poll-fail:3]]</c> or <c>[[poll-fail:3:429]]</c> the first 3 polls answer 500 (or the given code).</item>
/// <item><c>[[poll-null:3]]</c> the first 3 polls answer 422 "recordInfo is null".</item>
/// </list>
/// </summary>
public static partial class KiePromptMarkers
{
    public static IReadOnlyList<KiePromptMarker> All { get; } =
    [
        new("[[fail:content-policy]]", "the task ends in state fail, failCode \"422\", failMsg \"Invalid prompt: prompt contains prohibited content\""),
        new("[[fail:generation]] or [[fail:501]]", "the task ends in state fail, failCode \"501\", failMsg \"Generation Failed\""),
        new("[[fail:402]] [[fail:429]] [[fail:433]] [[fail:455]] [[fail:500]] [[fail:505]]", "createTask answers that code with its documented msg"),
        new("[[never-finish]]", "the task stays in generating until finished through the control API"),
        new("[[slow:5s]]", "generating lasts the given time (units ms, s, m)"),
        new("[[drop:create]] [[hang:create]]", "createTask resets the connection / never answers; no task is created"),
        new("[[lose-answer:create]]", "createTask creates and runs the task (callbacks included) but resets the connection instead of answering"),
        new("[[drop:poll]] [[hang:poll]]", "every recordInfo of the task resets the connection / never answers"),
        new("[[poll-fail:N]] or [[poll-fail:N:CODE]]", "the first N recordInfo calls answer CODE (default 500)"),
        new("[[poll-null:N]]", "the first N recordInfo calls answer 422 \"recordInfo is null\""),
    ];

    /// <summary>The behaviour the markers in <paramref name="text"/> ask for, or null when there are none.</summary>
    public static KieBehaviour? Parse(string text)
    {
        KieBehaviour? behaviour = null;
        foreach (Match match in MarkerPattern().Matches(text))
        {
            var part = Interpret(match.Groups["name"].Value.ToUpperInvariant(), match.Groups["arg"].Value.ToUpperInvariant());
            if (part is not null)
            {
                behaviour = (behaviour ?? KieBehaviour.None).Then(part);
            }
        }

        return behaviour;
    }

    private static KieBehaviour? Interpret(string name, string argument)
    {
        switch (name)
        {
            case "NEVER-FINISH":
                return new KieBehaviour(Outcome: KieTaskOutcome.NeverFinishes);
            case "FAIL" when argument is "CONTENT-POLICY":
                return new KieBehaviour(Outcome: KieTaskOutcome.ContentPolicy);
            case "FAIL" when argument is "GENERATION" or "501":
                return new KieBehaviour(Outcome: KieTaskOutcome.GenerationFailed);
            case "FAIL" when int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var code):
                return new KieBehaviour(CreateError: code);
            case "SLOW" when TryParseDuration(argument, out var duration):
                return new KieBehaviour(GeneratingMs: duration);
            case "LOSE-ANSWER" when argument is "CREATE":
                return new KieBehaviour(CreateFault: KieConnectionFault.LoseAnswer);
            case "DROP" or "HANG":
                var fault = name == "DROP" ? KieConnectionFault.Drop : KieConnectionFault.Hang;
                return argument switch
                {
                    "CREATE" => new KieBehaviour(CreateFault: fault),
                    "POLL" => new KieBehaviour(PollFault: fault),
                    _ => null,
                };
            case "POLL-FAIL":
                var parts = argument.Split(':');
                if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                {
                    return null;
                }

                var pollCode = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : 500;
                return new KieBehaviour(FailingPolls: count, FailingPollCode: pollCode);
            case "POLL-NULL" when int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var nulls):
                return new KieBehaviour(NullPolls: nulls);
            default:
                return null;
        }
    }

    private static bool TryParseDuration(string text, out int milliseconds)
    {
        milliseconds = 0;
        var match = DurationPattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var amount = double.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture);
        var scale = match.Groups["unit"].Value switch
        {
            "MS" => 1d,
            "M" => 60_000d,
            _ => 1000d,
        };
        milliseconds = (int)Math.Min(int.MaxValue, amount * scale);
        return true;
    }

    [GeneratedRegex(@"\[\[(?<name>[a-zA-Z-]+)(?::(?<arg>[a-zA-Z0-9:.\-]+))?\]\]")]
    private static partial Regex MarkerPattern();

    [GeneratedRegex(@"^(?<amount>\d+(?:\.\d+)?)(?<unit>MS|S|M)?$")]
    private static partial Regex DurationPattern();
}
