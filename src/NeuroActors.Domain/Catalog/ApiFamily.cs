namespace NeuroActors.Domain.Catalog;

/// <summary>How a model is called at KIE: the generic market job API, or a family with its own endpoint and body.</summary>
public enum ApiFamily
{
    Market,
    Veo,
    Suno,
    FluxKontext,
    FourOImage,
    Runway,
}

/// <summary>The wire facts of one family (kie-api.md sections 3 and 5).</summary>
/// <param name="ModelField">The body field that names the model, or null when the endpoint serves one model only.</param>
/// <param name="NestsInput">Market bodies carry the model's fields under <c>input</c>; the other families are flat.</param>
/// <param name="RequiresCallbackUrl">The family's documentation marks <c>callBackUrl</c> as required.</param>
/// <param name="CanProbeAvailability">KIE answers an unknown model of this family with 422 "not supported".</param>
public sealed record ApiFamilyInfo(
    ApiFamily Family,
    string Slug,
    string CreatePath,
    string? ModelField,
    bool NestsInput,
    bool RequiresCallbackUrl,
    bool CanProbeAvailability);

public static class ApiFamilies
{
    public const string CallbackField = "callBackUrl";

    private static readonly ApiFamilyInfo[] Infos =
    [
        new(ApiFamily.Market, "market", "/api/v1/jobs/createTask", "model", NestsInput: true, RequiresCallbackUrl: false, CanProbeAvailability: true),
        new(ApiFamily.Veo, "veo", "/api/v1/veo/generate", "model", NestsInput: false, RequiresCallbackUrl: false, CanProbeAvailability: false),
        new(ApiFamily.Suno, "suno", "/api/v1/generate", "model", NestsInput: false, RequiresCallbackUrl: true, CanProbeAvailability: false),
        new(ApiFamily.FluxKontext, "flux-kontext", "/api/v1/flux/kontext/generate", "model", NestsInput: false, RequiresCallbackUrl: false, CanProbeAvailability: false),
        new(ApiFamily.FourOImage, "4o-image", "/api/v1/gpt4o-image/generate", null, NestsInput: false, RequiresCallbackUrl: false, CanProbeAvailability: false),
        new(ApiFamily.Runway, "runway", "/api/v1/runway/generate", null, NestsInput: false, RequiresCallbackUrl: true, CanProbeAvailability: false),
    ];

    public static IReadOnlyList<ApiFamilyInfo> All => Infos;

    public static ApiFamilyInfo Info(this ApiFamily family) => Infos.First(i => i.Family == family);

    public static bool TryParse(string? slug, out ApiFamily family)
    {
        foreach (var info in Infos)
        {
            if (string.Equals(info.Slug, slug, StringComparison.Ordinal))
            {
                family = info.Family;
                return true;
            }
        }

        family = default;
        return false;
    }
}
