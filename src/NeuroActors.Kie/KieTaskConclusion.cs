using NeuroActors.Domain.Failures;

namespace NeuroActors.Kie;

/// <summary>
/// What a final task outcome means for the job that waits for it, whether the outcome came by callback or by a status
/// query: the one place that fills in what KIE left out.
/// </summary>
/// <param name="Succeeded">KIE says the task succeeded (it may still have no result files).</param>
/// <param name="ResultUrls">The results.</param>
/// <param name="FailureClass">On failure, its class; <see cref="FailureClass.Unknown"/> when KIE's answer was not classified.</param>
/// <param name="FailureTextKey">On failure, what the user reads.</param>
/// <param name="Retry">On failure, whether trying again can help.</param>
/// <param name="AlertAdmins">On failure, whether an admin should look; an unclassified failure alerts.</param>
/// <param name="Detail">KIE's message, else its failure code, else its state word: for logs and the admin's lookup.</param>
public sealed record KieTaskConclusion(
    bool Succeeded,
    IReadOnlyList<string> ResultUrls,
    FailureClass FailureClass,
    string FailureTextKey,
    bool Retry,
    bool AlertAdmins,
    string? Detail)
{
    /// <summary>A text model's answer (speech to text: the transcript), from <c>resultObject.text</c>; null for media models.</summary>
    public string? ResultText { get; init; }

    /// <summary>The <c>text</c> of a <c>resultObject</c> (JSON text), or null when there is none.</summary>
    public static string? TextOf(string? resultObjectJson)
    {
        if (string.IsNullOrWhiteSpace(resultObjectJson))
        {
            return null;
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(resultObjectJson);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                   && document.RootElement.TryGetProperty("text", out var text) && text.ValueKind == System.Text.Json.JsonValueKind.String
                ? text.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The conclusion of a final outcome (<see cref="KieTaskOutcome.IsFinal"/>).</summary>
    public static KieTaskConclusion Of(KieTaskOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!outcome.IsFinal)
        {
            throw new ArgumentException($"Task {outcome.TaskId} is still {outcome.State}: only a final outcome concludes a job.", nameof(outcome));
        }

        var failure = outcome.Failure;
        return new KieTaskConclusion(
            outcome.Phase == KieTaskPhase.Succeeded,
            outcome.ResultUrls,
            failure?.Class ?? FailureClass.Unknown,
            failure?.TextKey ?? FailureTextKeys.Unknown,
            failure?.Retry ?? false,
            failure?.AlertAdmins ?? outcome.Phase == KieTaskPhase.Failed,
            outcome.FailMessage ?? outcome.FailCode ?? outcome.State)
        {
            ResultText = TextOf(outcome.ResultObjectJson),
        };
    }
}
