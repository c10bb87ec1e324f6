using NeuroActors.Domain.Catalog;
using NeuroActors.Domain.Kie;

namespace NeuroActors.Kie;

public enum KieTaskPhase
{
    /// <summary>Waiting, queuing, generating, or partly done (Suno's first track).</summary>
    Pending,
    Succeeded,
    Failed,
}

/// <summary>
/// Where a task stands, whichever family and whether it came from a status query or a callback.
/// </summary>
/// <param name="Family">The API family.</param>
/// <param name="TaskId">KIE's task id.</param>
/// <param name="Phase">Pending, succeeded or failed.</param>
/// <param name="State">KIE's own word for it (<c>waiting</c>, <c>queuing</c>, <c>generating</c>, <c>SUCCESS</c>, <c>successFlag=1</c>, ...).</param>
/// <param name="ResultUrls">The results (images, videos, audio); may be empty even on success (text models, odd answers).</param>
public sealed record KieTaskOutcome(ApiFamily Family, string TaskId, KieTaskPhase Phase, string? State, IReadOnlyList<string> ResultUrls)
{
    /// <summary>Sora 2's watermarked copies (<c>resultWaterMarkUrls</c>).</summary>
    public IReadOnlyList<string> WatermarkedUrls { get; init; } = [];

    /// <summary>Text models' <c>resultObject</c>, as JSON text.</summary>
    public string? ResultObjectJson { get; init; }

    public string? Model { get; init; }

    /// <summary>0-100 where KIE reports it (Sora 2, 4o Image).</summary>
    public int? Progress { get; init; }

    public string? FailCode { get; init; }

    public string? FailMessage { get; init; }

    /// <summary>Set when <see cref="Phase"/> is Failed.</summary>
    public KieFailureClassification? Failure { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>What KIE charged (<c>creditsConsumed</c> / <c>consumeCredits</c>), where it says.</summary>
    public decimal? CreditsConsumed { get; init; }

    /// <summary>The account balance after the task (<c>remainedCredits</c>), where it says.</summary>
    public decimal? RemainingCredits { get; init; }

    public bool IsFinal => Phase != KieTaskPhase.Pending;
}

/// <summary>A task KIE accepted, and the key that created it (status queries must use the same key).</summary>
public sealed record KieSubmittedTask(ApiFamily Family, string TaskId, KieKeyId KeyId, DateTimeOffset SubmittedAt);

/// <summary>A file KIE's upload host took; use <see cref="DownloadUrl"/> as an image URL input.</summary>
public sealed record KieUploadedFile(string? FileName, string? FilePath, string DownloadUrl, long? FileSize, string? MimeType, DateTimeOffset? UploadedAt);
