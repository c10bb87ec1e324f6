using System.Diagnostics.CodeAnalysis;
using NeuroActors.Domain.Failures;
using NeuroActors.Domain.Kie;

namespace NeuroActors.Kie;

/// <summary>
/// A failed KIE call, as a value: what KIE answered (if anything) and what it means.
/// </summary>
/// <param name="Classification">Class, retry, user-fixable, text key, key effect.</param>
/// <param name="Evidence">What came over the wire; null when the pool refused before any call (no usable key).</param>
/// <param name="KeyId">The key the call used, if any.</param>
/// <param name="RetryAfter">KIE's Retry-After, or when the pool expects a key to be usable again.</param>
public sealed record KieFailure(
    KieFailureClassification Classification,
    KieFailureEvidence? Evidence,
    KieKeyId? KeyId = null,
    TimeSpan? RetryAfter = null)
{
    public FailureClass Class => Classification.Class;

    public static KieFailure From(KieFailureEvidence evidence, KieKeyId? keyId = null, TimeSpan? retryAfter = null) =>
        new(KieFailureClassifier.Classify(evidence), evidence, keyId, retryAfter);

    public override string ToString()
    {
        var code = Evidence?.EffectiveCode is { } c ? $" code {c}" : string.Empty;
        var text = Evidence?.EffectiveMessage is { } m ? $": {m}" : string.Empty;
        var key = KeyId is { } k ? $" [key {k}]" : string.Empty;
        return $"{Classification.Class}/{Classification.Rule}{code}{text}{key}";
    }
}

/// <summary>Either a value or a classified failure. Expected failures of KIE come back as this, never as exceptions.</summary>
public sealed record KieResult<T>
{
    internal KieResult(T? value, KieFailure? failure)
    {
        Value = value;
        Failure = failure;
    }

    public T? Value { get; }

    public KieFailure? Failure { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool IsSuccess => Failure is null;

    public KieResult<TOther> Map<TOther>(Func<T, TOther> map) =>
        IsSuccess ? KieResult.Ok(map(Value)) : KieResult.Fail<TOther>(Failure);

    public override string ToString() => IsSuccess ? $"Ok({Value})" : $"Fail({Failure})";
}

public static class KieResult
{
    public static KieResult<T> Ok<T>(T value) => new(value, null);

    public static KieResult<T> Fail<T>(KieFailure failure) => new(default, failure);
}
