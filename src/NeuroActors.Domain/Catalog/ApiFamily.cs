namespace NeuroActors.Domain.Catalog;

/// <summary>
/// How a model is called at KIE: the generic market job API, or a family with its own endpoint and body (kie-api.md
/// sections 3 and 5). The one definition: the catalogue, the KIE client and the simulated KIE all use it. The member
/// names are stored in job journals (<c>JobTaskSubmitted.Family</c>): never rename one.
/// </summary>
public enum ApiFamily
{
    /// <summary><c>/api/v1/jobs/createTask</c> + <c>/api/v1/jobs/recordInfo</c> (Sora 2, Kling, Flux-2, Nano Banana, ...).</summary>
    Market,

    /// <summary><c>/api/v1/veo/generate</c> + <c>/api/v1/veo/record-info</c>.</summary>
    Veo,

    /// <summary><c>/api/v1/generate</c> + <c>/api/v1/generate/record-info</c>.</summary>
    Suno,

    /// <summary><c>/api/v1/flux/kontext/generate</c> + <c>/api/v1/flux/kontext/record-info</c>.</summary>
    FluxKontext,

    /// <summary><c>/api/v1/gpt4o-image/generate</c> + <c>/api/v1/gpt4o-image/record-info</c>.</summary>
    Gpt4oImage,

    /// <summary><c>/api/v1/runway/generate</c> + <c>/api/v1/runway/record-detail</c>.</summary>
    Runway,
}

/// <summary>The wire facts of one family (kie-api.md sections 3 and 5).</summary>
/// <param name="Slug">The family's name in the catalogue file and in callback URLs.</param>
/// <param name="CreatePath">Where its tasks are created, relative to <c>Kie:BaseUrl</c>.</param>
/// <param name="RecordPath">Where a task's status is asked, relative to <c>Kie:BaseUrl</c>.</param>
/// <param name="ModelField">The body field that names the model, or null when the endpoint serves one model only.</param>
/// <param name="NestsInput">Market bodies carry the model's fields under <c>input</c>; the other families are flat.</param>
/// <param name="RequiresCallbackUrl">The family's documentation marks <c>callBackUrl</c> as required.</param>
/// <param name="CanProbeAvailability">KIE answers an unknown model of this family with 422 "not supported".</param>
public sealed record ApiFamilyInfo(
    ApiFamily Family,
    string Slug,
    string CreatePath,
    string RecordPath,
    string? ModelField,
    bool NestsInput,
    bool RequiresCallbackUrl,
    bool CanProbeAvailability);

public static class ApiFamilies
{
    public const string CallbackField = "callBackUrl";

    private static readonly ApiFamilyInfo[] Infos =
    [
        new(ApiFamily.Market, "market", "/api/v1/jobs/createTask", "/api/v1/jobs/recordInfo", "model", NestsInput: true, RequiresCallbackUrl: false, CanProbeAvailability: true),
        new(ApiFamily.Veo, "veo", "/api/v1/veo/generate", "/api/v1/veo/record-info", "model", NestsInput: false, RequiresCallbackUrl: false, CanProbeAvailability: false),
        new(ApiFamily.Suno, "suno", "/api/v1/generate", "/api/v1/generate/record-info", "model", NestsInput: false, RequiresCallbackUrl: true, CanProbeAvailability: false),
        new(ApiFamily.FluxKontext, "flux-kontext", "/api/v1/flux/kontext/generate", "/api/v1/flux/kontext/record-info", "model", NestsInput: false, RequiresCallbackUrl: false, CanProbeAvailability: false),
        new(ApiFamily.Gpt4oImage, "4o-image", "/api/v1/gpt4o-image/generate", "/api/v1/gpt4o-image/record-info", null, NestsInput: false, RequiresCallbackUrl: false, CanProbeAvailability: false),
        new(ApiFamily.Runway, "runway", "/api/v1/runway/generate", "/api/v1/runway/record-detail", null, NestsInput: false, RequiresCallbackUrl: true, CanProbeAvailability: false),
    ];

    public static IReadOnlyList<ApiFamilyInfo> All => Infos;

    public static ApiFamilyInfo Info(this ApiFamily family) =>
        Array.Find(Infos, i => i.Family == family) ?? throw new ArgumentOutOfRangeException(nameof(family), family, "Not a KIE API family.");

    /// <summary>The family a slug names; the catalogue file spells it exactly, a callback URL in any case.</summary>
    public static bool TryParse(string? slug, out ApiFamily family, bool ignoreCase = false)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (var info in Infos)
        {
            if (string.Equals(info.Slug, slug, comparison))
            {
                family = info.Family;
                return true;
            }
        }

        family = default;
        return false;
    }
}
