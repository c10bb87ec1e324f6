using NeuroActors.Domain.Failures;

namespace NeuroActors.Domain.Kie;

/// <summary>Verdicts the key pool gives itself, before any call reaches KIE.</summary>
public static class KiePoolVerdicts
{
    /// <summary>Every key is disabled (401/402) or none is configured: nothing can be created until an admin acts.</summary>
    public static KieFailureClassification NoUsableKey { get; } = new(
        FailureClass.Billing, Retry: false, UserCanFix: false, FailureTextKeys.Billing, KieKeyEffect.None, AlertAdmins: true, "pool-no-usable-key");

    /// <summary>Every usable key cools down longer than work may wait (429/433 on all keys).</summary>
    public static KieFailureClassification AllKeysCooling { get; } = new(
        FailureClass.RateLimit, Retry: true, UserCanFix: false, FailureTextKeys.RateLimited, KieKeyEffect.None, AlertAdmins: false, "pool-all-keys-cooling");

    /// <summary>The key a task was created with is no longer configured, or refused (401): its task can no longer be queried.</summary>
    public static KieFailureClassification TaskKeyUnavailable { get; } = new(
        FailureClass.Unknown, Retry: false, UserCanFix: false, FailureTextKeys.Unknown, KieKeyEffect.None, AlertAdmins: true, "pool-task-key-unavailable");
}
