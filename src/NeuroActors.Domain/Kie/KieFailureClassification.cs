using NeuroActors.Domain.Failures;

namespace NeuroActors.Domain.Kie;

/// <summary>What a failure means for the API key that was used.</summary>
public enum KieKeyEffect
{
    /// <summary>The key is fine.</summary>
    None,

    /// <summary>KIE rate-limited the key (429, 430): rest it for a short while.</summary>
    CoolDown,

    /// <summary>The key's usage cap is reached (433, e.g. the daily limit): rest it for long.</summary>
    UsageCapReached,

    /// <summary>The key is refused (401): out of rotation until an admin re-enables it.</summary>
    DisableUnauthorized,

    /// <summary>The key's account has no credits (402): no new tasks until an admin re-enables it.</summary>
    DisableNoCredits,
}

/// <summary>
/// The verdict on one KIE failure.
/// </summary>
/// <param name="Class">The failure class of DESIGN.md.</param>
/// <param name="Retry">Trying the same work again later (retry schedule) can succeed.</param>
/// <param name="UserCanFix">The user can change the prompt, photo or parameters to get past it.</param>
/// <param name="TextKey">The <see cref="FailureTextKeys"/> key of what the user reads.</param>
/// <param name="KeyEffect">What happens to the key that got this answer.</param>
/// <param name="AlertAdmins">An admin should look at this (account, catalogue or client problem).</param>
/// <param name="Rule">The table row that matched, for logs and the admin's lookup.</param>
public sealed record KieFailureClassification(
    FailureClass Class,
    bool Retry,
    bool UserCanFix,
    string TextKey,
    KieKeyEffect KeyEffect,
    bool AlertAdmins,
    string Rule)
{
    /// <summary>
    /// The key was at fault (refused, no credits, capped, rate-limited), not the work: KIE did not create anything,
    /// so the same request may go at once to another key of the pool, if one is usable.
    /// </summary>
    public bool RetryOnAnotherKey => KeyEffect != KieKeyEffect.None;

    /// <summary>
    /// Set by the classifier for a create call that timed out or broke after sending: KIE may have created (and will bill)
    /// the task. Creating again blindly risks a second paid task; wait for the callback or reconcile first.
    /// </summary>
    public bool OutcomeUncertain { get; init; }
}
