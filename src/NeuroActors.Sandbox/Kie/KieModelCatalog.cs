using System.Globalization;
using System.Text.Json.Nodes;
using NeuroActors.Domain.Catalog;

namespace NeuroActors.Sandbox.Kie;

/// <summary>What a model's result files are.</summary>
public enum KieResultKind
{
    Image,
    Video,
    Audio,

    /// <summary>A transcript: <c>resultObject</c> with the text, and the same text as a .txt result file.</summary>
    Text,
}

/// <summary>A model the simulated KIE knows.</summary>
/// <param name="Id">The exact model id a request names.</param>
/// <param name="RequiredInput">Fields of <c>input</c> (market) or of the body (Veo, Suno) that must be present, checked in this order.</param>
/// <param name="PriceOf">Credits one task costs, from the request's input (variants such as duration or resolution change it).</param>
/// <param name="ReportsProgress">Sora models report <c>progress</c> 0-100 in recordInfo.</param>
/// <param name="HasWatermarkUrls">Sora 2 text/image-to-video results also list <c>resultWaterMarkUrls</c>.</param>
public sealed record KieModel(
    string Id,
    ApiFamily Family,
    KieResultKind Kind,
    IReadOnlyList<string> RequiredInput,
    Func<JsonObject, decimal> PriceOf,
    bool ReportsProgress = false,
    bool HasWatermarkUrls = false);

/// <summary>
/// The models of kie-api.md sections 8 and 9 with their required input and prices in credits
/// (the 2025-12 pricing snapshot; rows the contract has no price for carry a plausible sandbox price, marked "assumed").
/// Prices are configuration for the real service; <see cref="KieSimulatorOptions.Prices"/> overrides them here.
/// </summary>
public static class KieModelCatalog
{
    /// <summary>The model id of the Runway routes, whose bodies name no model.</summary>
    public const string RunwayModel = "runway";

    /// <summary>The model id of the 4o Image routes, whose bodies name no model.</summary>
    public const string Gpt4oImageModel = "gpt4o-image";

    /// <summary>Flux Kontext's model when the body names none.</summary>
    public const string FluxKontextDefaultModel = "flux-kontext-pro";

    public static IReadOnlyList<KieModel> Default { get; } = Build();

    /// <summary>
    /// The id a request through <paramref name="family"/>'s route names its model by: the body's <c>model</c>
    /// (Veo and Flux Kontext default when absent), or the route's own id for Runway and 4o Image, which serve one model each.
    /// </summary>
    public static string? ModelIdOf(ApiFamily family, string? bodyModel) => family switch
    {
        ApiFamily.Runway => RunwayModel,
        ApiFamily.Gpt4oImage => Gpt4oImageModel,
        ApiFamily.Veo => bodyModel ?? "veo3_fast",
        ApiFamily.FluxKontext => bodyModel ?? FluxKontextDefaultModel,
        _ => bodyModel,
    };

    public static KieModel? Find(string id) => Default.FirstOrDefault(m => m.Id == id);

    private static List<KieModel> Build()
    {
        var models = new List<KieModel>();

        void Market(string id, KieResultKind kind, Func<JsonObject, decimal> price, params string[] required) =>
            models.Add(new KieModel(id, ApiFamily.Market, kind, required, price));

        void Sora(string id, Func<JsonObject, decimal> price, bool watermark, params string[] required) =>
            models.Add(new KieModel(id, ApiFamily.Market, KieResultKind.Video, required, price, ReportsProgress: true, HasWatermarkUrls: watermark));

        // 8.1 Sora 2. upload_method is "REQ" in the schema but has a default, so it is not enforced.
        Sora("sora-2-text-to-video", i => Pick(i, "n_frames", "10", ("10", 20m), ("15", 25m)), true, "prompt");
        Sora("sora-2-image-to-video", i => Pick(i, "n_frames", "10", ("10", 20m), ("15", 25m)), true, "prompt", "image_urls");
        Sora("sora-2-text-to-video-stable", i => Pick(i, "n_frames", "10", ("10", 35m), ("15", 40m)), true, "prompt");
        Sora("sora-2-image-to-video-stable", i => Pick(i, "n_frames", "10", ("10", 35m), ("15", 40m)), true, "prompt", "image_urls");
        Sora("sora-2-pro-text-to-video", i => SoraPro(i, "high"), false, "prompt");
        Sora("sora-2-pro-image-to-video", i => SoraPro(i, "standard"), false, "prompt", "image_urls");
        Sora("sora-2-pro-storyboard", i => Pick(i, "n_frames", "15", ("10", 150m), ("15", 270m), ("25", 270m)), false, "shots");
        Sora("sora-watermark-remover", _ => 10m, false, "video_url");

        // 8.2 Nano Banana / Google. Only the 4K price of nano-banana-2 is known; the imagen4 prices are assumed.
        Market("google/nano-banana", KieResultKind.Image, _ => 4m, "prompt");
        Market("google/nano-banana-edit", KieResultKind.Image, _ => 4m, "prompt", "image_urls");
        Market("nano-banana-pro", KieResultKind.Image, i => Pick(i, "resolution", "1K", ("1K", 18m), ("2K", 18m), ("4K", 24m)), "prompt");
        Market("nano-banana-2", KieResultKind.Image, _ => 18m, "prompt");
        Market("google/imagen4", KieResultKind.Image, _ => 8m, "prompt");
        Market("google/imagen4-fast", KieResultKind.Image, _ => 4m, "prompt");
        Market("google/imagen4-ultra", KieResultKind.Image, _ => 12m, "prompt");

        // 8.3 Seedream. The v4 and 5-lite prices are assumed.
        Market("bytedance/seedream", KieResultKind.Image, _ => 3.5m, "prompt");
        Market("bytedance/seedream-v4-text-to-image", KieResultKind.Image, _ => 5m, "prompt");
        Market("bytedance/seedream-v4-edit", KieResultKind.Image, _ => 5m, "prompt", "image_urls");
        Market("seedream/4.5-text-to-image", KieResultKind.Image, _ => 6.5m, "prompt", "aspect_ratio", "quality");
        Market("seedream/4.5-edit", KieResultKind.Image, _ => 6.5m, "prompt", "image_urls", "aspect_ratio", "quality");
        Market("seedream/5-lite-text-to-image", KieResultKind.Image, _ => 5m, "prompt");
        Market("seedream/5-lite-image-to-image", KieResultKind.Image, _ => 5m, "prompt");

        // 8.4 Flux 2.
        Market("flux-2/pro-text-to-image", KieResultKind.Image, i => Pick(i, "resolution", "1K", ("1K", 5m), ("2K", 7m)), "prompt", "aspect_ratio", "resolution");
        Market("flux-2/flex-text-to-image", KieResultKind.Image, i => Pick(i, "resolution", "1K", ("1K", 14m), ("2K", 24m)), "prompt", "aspect_ratio", "resolution");
        Market("flux-2/pro-image-to-image", KieResultKind.Image, i => Pick(i, "resolution", "1K", ("1K", 5m), ("2K", 7m)), "input_urls", "prompt", "aspect_ratio", "resolution");
        Market("flux-2/flex-image-to-image", KieResultKind.Image, i => Pick(i, "resolution", "1K", ("1K", 14m), ("2K", 24m)), "input_urls", "prompt", "aspect_ratio", "resolution");

        // 8.5 Kling. kling-3.0/video's price is assumed.
        Market("kling-2.6/text-to-video", KieResultKind.Video, Kling26, "prompt", "sound", "aspect_ratio", "duration");
        Market("kling-2.6/image-to-video", KieResultKind.Video, Kling26, "prompt", "image_urls", "sound", "duration");
        Market("kling/v2-1-standard", KieResultKind.Video, i => Pick(i, "duration", "5", ("5", 25m), ("10", 50m)), "prompt", "image_url");
        Market("kling/v2-1-pro", KieResultKind.Video, i => Pick(i, "duration", "5", ("5", 50m), ("10", 100m)), "prompt", "image_url");
        Market("kling/v2-1-master-text-to-video", KieResultKind.Video, i => Pick(i, "duration", "5", ("5", 160m), ("10", 320m)), "prompt");
        Market("kling/v2-1-master-image-to-video", KieResultKind.Video, i => Pick(i, "duration", "5", ("5", 160m), ("10", 320m)), "prompt", "image_url");
        Market("kling/v2-5-turbo-text-to-video-pro", KieResultKind.Video, i => Pick(i, "duration", "5", ("5", 42m), ("10", 84m)), "prompt");
        Market("kling/v2-5-turbo-image-to-video-pro", KieResultKind.Video, i => Pick(i, "duration", "5", ("5", 42m), ("10", 84m)), "prompt", "image_url");
        Market("kling-3.0/video", KieResultKind.Video, _ => 100m, "sound", "duration", "aspect_ratio", "mode", "multi_shots");

        // 8.6 Hailuo.
        Market("hailuo/02-text-to-video-standard", KieResultKind.Video, i => Pick(i, "duration", "6", ("6", 30m), ("10", 50m)), "prompt");
        Market("hailuo/02-text-to-video-pro", KieResultKind.Video, _ => 57m, "prompt");
        Market("hailuo/02-image-to-video-standard", KieResultKind.Video, Hailuo02ImageStandard, "prompt", "image_url");
        Market("hailuo/02-image-to-video-pro", KieResultKind.Video, _ => 57m, "prompt", "image_url");
        Market("hailuo/2-3-image-to-video-standard", KieResultKind.Video, i => Hailuo23(i, 30m, 50m, 50m), "prompt", "image_url");
        Market("hailuo/2-3-image-to-video-pro", KieResultKind.Video, i => Hailuo23(i, 45m, 90m, 80m), "prompt", "image_url");

        // 8.7 Wan. wan/2-6-video-to-video shares the 2.6 prices.
        Market("wan/2-2-a14b-text-to-video-turbo", KieResultKind.Video, Wan22, "prompt");
        Market("wan/2-2-a14b-image-to-video-turbo", KieResultKind.Video, Wan22, "prompt", "image_url");
        Market("wan/2-5-text-to-video", KieResultKind.Video, Wan25, "prompt", "duration");
        Market("wan/2-5-image-to-video", KieResultKind.Video, Wan25, "prompt", "image_url", "duration");
        Market("wan/2-6-text-to-video", KieResultKind.Video, Wan26, "prompt");
        Market("wan/2-6-image-to-video", KieResultKind.Video, Wan26, "prompt", "image_urls");
        Market("wan/2-6-video-to-video", KieResultKind.Video, Wan26, "prompt");

        // 8.8 Others (prices assumed except z-image).
        Market("z-image", KieResultKind.Image, _ => 0.8m, "prompt", "aspect_ratio");
        Market("grok-imagine/text-to-image", KieResultKind.Image, _ => 4m, "prompt");
        Market("grok-imagine/text-to-video", KieResultKind.Video, _ => 20m, "prompt");
        Market("gpt-image/1.5-text-to-image", KieResultKind.Image, _ => 6m, "prompt");
        Market("gpt-image-2-text-to-image", KieResultKind.Image, _ => 6m, "prompt");
        Market("qwen/text-to-image", KieResultKind.Image, _ => 4m, "prompt");
        Market("elevenlabs/text-to-speech-turbo-2-5", KieResultKind.Audio, _ => 6m, "text");
        Market("elevenlabs/text-to-speech-multilingual-v2", KieResultKind.Audio, _ => 12m, "text");
        Market("elevenlabs/sound-effect-v2", KieResultKind.Audio, _ => 4m, "text");

        // 5.1 Veo 3.1 (own route; the model is the body's "model", default veo3_fast). veo3_lite's price is assumed.
        models.Add(new KieModel("veo3", ApiFamily.Veo, KieResultKind.Video, ["prompt"], _ => 250m));
        models.Add(new KieModel("veo3_fast", ApiFamily.Veo, KieResultKind.Video, ["prompt"], _ => 60m));
        models.Add(new KieModel("veo3_lite", ApiFamily.Veo, KieResultKind.Video, ["prompt"], _ => 30m));

        // 5.2 Suno (own route; required body fields besides the mode-dependent ones are checked by the endpoint).
        foreach (var suno in new[] { "V4", "V4_5", "V4_5PLUS", "V4_5ALL", "V5", "V5_5" })
        {
            models.Add(new KieModel(suno, ApiFamily.Suno, KieResultKind.Audio, ["customMode", "instrumental", "callBackUrl"], _ => 12m));
        }

        // 5.3-5.5 Runway, 4o Image, Flux Kontext (own routes). Runway's prices are assumed; 4o is 6, Kontext pro 5 / max 10.
        // Runway needs aspectRatio for text-to-video only, 4o Image a prompt or filesUrl: the endpoint checks both.
        models.Add(new KieModel(RunwayModel, ApiFamily.Runway, KieResultKind.Video, ["prompt", "duration", "quality", "callBackUrl"], RunwayPrice));
        models.Add(new KieModel(Gpt4oImageModel, ApiFamily.Gpt4oImage, KieResultKind.Image, ["size"], _ => 6m));
        models.Add(new KieModel("flux-kontext-pro", ApiFamily.FluxKontext, KieResultKind.Image, ["prompt"], _ => 5m));
        models.Add(new KieModel("flux-kontext-max", ApiFamily.FluxKontext, KieResultKind.Image, ["prompt"], _ => 10m));

        return models;
    }

    private static decimal RunwayPrice(JsonObject input) =>
        Text(input, "duration", "5") == "10" || Text(input, "quality", "720p") == "1080p" ? 30m : 12m;

    private static decimal SoraPro(JsonObject input, string defaultSize)
    {
        var high = Text(input, "size", defaultSize) == "high";
        var fifteen = Text(input, "n_frames", "10") == "15";
        return (high, fifteen) switch
        {
            (false, false) => 150m,
            (false, true) => 270m,
            (true, false) => 330m,
            (true, true) => 630m,
        };
    }

    private static decimal Kling26(JsonObject input)
    {
        var tenSeconds = Text(input, "duration", "5") == "10";
        var sound = input["sound"] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : Text(input, "sound", "false") == "true";
        var price = tenSeconds ? 110m : 55m;
        return sound ? price * 2 : price;
    }

    private static decimal Hailuo02ImageStandard(JsonObject input)
    {
        if (Text(input, "duration", "10") == "10")
        {
            return 50m;
        }

        return Text(input, "resolution", "768P") == "512P" ? 12m : 30m;
    }

    private static decimal Hailuo23(JsonObject input, decimal sixSeconds, decimal tenSeconds, decimal sixSeconds1080)
    {
        if (Text(input, "duration", "6") == "10")
        {
            return tenSeconds;
        }

        return Text(input, "resolution", "768P").Equals("1080P", StringComparison.OrdinalIgnoreCase) ? sixSeconds1080 : sixSeconds;
    }

    private static decimal Wan22(JsonObject input) =>
        Pick(input, "resolution", "720p", ("480p", 40m), ("580p", 60m), ("720p", 80m));

    private static decimal Wan25(JsonObject input)
    {
        var perFive = Text(input, "resolution", "1080p") == "720p" ? 60m : 100m;
        return Text(input, "duration", "5") == "10" ? perFive * 2 : perFive;
    }

    private static decimal Wan26(JsonObject input)
    {
        var hd = Text(input, "resolution", "1080p") != "720p";
        return Text(input, "duration", "5") switch
        {
            "10" => hd ? 209.5m : 140m,
            "15" => hd ? 315m : 210m,
            _ => hd ? 104.5m : 70m,
        };
    }

    /// <summary>The price of the variant named by a field's value; unknown values cost the default variant's price.</summary>
    private static decimal Pick(JsonObject input, string field, string defaultValue, params (string Value, decimal Price)[] prices)
    {
        var value = Text(input, field, defaultValue);
        foreach (var (candidate, price) in prices)
        {
            if (candidate.Equals(value, StringComparison.OrdinalIgnoreCase))
            {
                return price;
            }
        }

        return prices.First(p => p.Value == defaultValue).Price;
    }

    /// <summary>A field's value as text whether the client sent a string, a number or a boolean.</summary>
    private static string Text(JsonObject input, string field, string defaultValue) => input[field] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue<decimal>(out var d) => d.ToString(CultureInfo.InvariantCulture),
        _ => defaultValue,
    };
}
