using System.Text.Json.Nodes;
using NeuroActors.Domain.Catalog;

namespace NeuroActors.Tests.Catalog;

/// <summary>Request building against the shipped catalogue: several models of each kind, every image field shape, every family.</summary>
public class RequestBuilderTests
{
    private const string Callback = "https://bot.example/kie/callback/job-42";
    private static readonly string[] OneImage = ["https://files.example/photo.png"];
    private static readonly string[] TwoImages = ["https://files.example/first.png", "https://files.example/last.png"];
    private static readonly string[] Voice = ["https://files.example/voice.mp3"];

    private static CatalogSnapshot Catalog => ShippedCatalogTests.Snapshot;

    private static (KieRequest Request, JsonObject Body) Accepted(GenerationChoices choices)
    {
        var result = Catalog.BuildRequest(choices);
        Assert.True(result.IsAccepted, result.Rejection?.ToString());
        return (result.Request, JsonNode.Parse(result.Request.BodyJson)!.AsObject());
    }

    private static ChoiceRejection Rejected(GenerationChoices choices)
    {
        var result = Catalog.BuildRequest(choices);
        Assert.False(result.IsAccepted, result.Request?.BodyJson);
        return result.Rejection;
    }

    // ---- text-to-image ----

    [Fact]
    public void Nano_banana_pro_becomes_a_market_task_with_defaults_filled_in()
    {
        var (request, body) = Accepted(new GenerationChoices("nano-banana-pro", "a red fox in snow", CallbackUrl: Callback));
        Assert.Equal(ApiFamily.Market, request.Family);
        Assert.Equal("/api/v1/jobs/createTask", request.Path);
        Assert.Equal("nano-banana-pro", (string?)body["model"]);
        Assert.Equal(Callback, (string?)body["callBackUrl"]);
        var input = body["input"]!.AsObject();
        Assert.Equal("a red fox in snow", (string?)input["prompt"]);
        Assert.Equal("1:1", (string?)input["aspect_ratio"]);
        Assert.Equal("1K", (string?)input["resolution"]);
        Assert.Equal("png", (string?)input["output_format"]);
        Assert.Equal(4, request.Price.CreditsPerVariant);
        Assert.Equal(18m, request.Price.KieCreditsPerVariant);
    }

    [Fact]
    public void An_option_sent_under_another_field_name_goes_out_under_that_name()
    {
        var (_, body) = Accepted(new GenerationChoices(
            "google/nano-banana",
            "a lighthouse",
            new Dictionary<string, string> { ["aspect_ratio"] = "16:9" }));
        var input = body["input"]!.AsObject();
        Assert.Equal("16:9", (string?)input["image_size"]);
        Assert.False(input.ContainsKey("aspect_ratio"));
        Assert.False(body.ContainsKey("callBackUrl"));
    }

    [Fact]
    public void Ideogram_at_quality_speed_is_priced_by_its_rendering_speed()
    {
        var (request, body) = Accepted(new GenerationChoices(
            "ideogram/v3-text-to-image",
            "a minimal fox logo, flat vector",
            new Dictionary<string, string> { ["rendering_speed"] = "QUALITY", ["style"] = "DESIGN" }));
        Assert.Equal("DESIGN", (string?)body["input"]!["style"]);
        Assert.Equal(2, request.Price.CreditsPerVariant);
        Assert.Equal(10m, request.Price.KieCreditsPerVariant);
    }

    [Fact]
    public void Flux_kontext_is_its_own_flat_family_with_the_model_in_the_body()
    {
        var (request, body) = Accepted(new GenerationChoices("flux-kontext-max/text-to-image", "a poster", CallbackUrl: Callback));
        Assert.Equal(ApiFamily.FluxKontext, request.Family);
        Assert.Equal("/api/v1/flux/kontext/generate", request.Path);
        Assert.Equal("flux-kontext-max", (string?)body["model"]);
        Assert.Equal("a poster", (string?)body["prompt"]);
        Assert.Equal("1:1", (string?)body["aspectRatio"]);
        Assert.True((bool?)body["enableTranslation"]);
        Assert.Equal(Callback, (string?)body["callBackUrl"]);
        Assert.False(body.ContainsKey("input"));
    }

    [Fact]
    public void Gpt_4o_image_has_no_model_field_and_sends_the_ratio_as_size()
    {
        var (request, body) = Accepted(new GenerationChoices(
            "gpt-4o-image/text-to-image",
            "a cat astronaut",
            new Dictionary<string, string> { ["aspect_ratio"] = "3:2" }));
        Assert.Equal("/api/v1/gpt4o-image/generate", request.Path);
        Assert.False(body.ContainsKey("model"));
        Assert.Equal("3:2", (string?)body["size"]);
    }

    // ---- image-to-image: the four image field shapes of the market API ----

    [Fact]
    public void Nano_banana_edit_sends_images_as_image_urls_array()
    {
        var (_, body) = Accepted(new GenerationChoices("google/nano-banana-edit", "make it night", ImageUrls: TwoImages));
        Assert.Equal(TwoImages, body["input"]!["image_urls"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public void Nano_banana_pro_edit_sends_images_as_image_input_array()
    {
        var (_, body) = Accepted(new GenerationChoices("nano-banana-pro/edit", "put the cup on a beach", ImageUrls: OneImage));
        Assert.Equal("nano-banana-pro", (string?)body["model"]);
        Assert.Equal(OneImage, body["input"]!["image_input"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("auto", (string?)body["input"]!["aspect_ratio"]);
    }

    [Fact]
    public void Flux_2_image_to_image_sends_images_as_input_urls_array()
    {
        var (_, body) = Accepted(new GenerationChoices("flux-2/pro-image-to-image", "in watercolor", ImageUrls: TwoImages));
        Assert.Equal(TwoImages, body["input"]!["input_urls"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public void Qwen_image_edit_sends_one_image_as_image_url_string()
    {
        var (_, body) = Accepted(new GenerationChoices("qwen/image-edit", "change the sign to ОТКРЫТО", ImageUrls: OneImage));
        Assert.Equal(OneImage[0], (string?)body["input"]!["image_url"]);
    }

    [Fact]
    public void Flux_kontext_edit_sends_one_image_as_input_image()
    {
        var (_, body) = Accepted(new GenerationChoices("flux-kontext-pro/edit", "remove the car", ImageUrls: OneImage));
        Assert.Equal(OneImage[0], (string?)body["inputImage"]);
        Assert.Equal("flux-kontext-pro", (string?)body["model"]);
    }

    [Fact]
    public void Gpt_4o_image_edit_sends_images_as_files_url()
    {
        var (_, body) = Accepted(new GenerationChoices("gpt-4o-image/edit", "anime style", ImageUrls: TwoImages));
        Assert.Equal(TwoImages, body["filesUrl"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public void Background_removal_takes_an_image_and_no_prompt()
    {
        var (_, body) = Accepted(new GenerationChoices("recraft/remove-background", "ignored", ImageUrls: OneImage));
        var input = body["input"]!.AsObject();
        Assert.Equal(OneImage[0], (string?)input["image"]);
        Assert.False(input.ContainsKey("prompt"));
    }

    // ---- text-to-video ----

    [Fact]
    public void Veo_text_to_video_goes_to_the_veo_endpoint_with_its_generation_type()
    {
        var (request, body) = Accepted(new GenerationChoices("veo3/text-to-video", "a drone shot over a fjord", CallbackUrl: Callback));
        Assert.Equal(ApiFamily.Veo, request.Family);
        Assert.Equal("/api/v1/veo/generate", request.Path);
        Assert.Equal("veo3", (string?)body["model"]);
        Assert.Equal("TEXT_2_VIDEO", (string?)body["generationType"]);
        Assert.Equal("16:9", (string?)body["aspect_ratio"]);
        Assert.Equal(50, request.Price.CreditsPerVariant);
    }

    [Fact]
    public void Sora_duration_is_sent_as_n_frames_with_the_fixed_fields()
    {
        var (request, body) = Accepted(new GenerationChoices(
            "sora-2-pro-text-to-video",
            "a professor in a classroom",
            new Dictionary<string, string> { ["duration"] = "15", ["quality"] = "high", ["aspect_ratio"] = "portrait" }));
        var input = body["input"]!.AsObject();
        Assert.Equal("15", (string?)input["n_frames"]);
        Assert.Equal("high", (string?)input["size"]);
        Assert.Equal("portrait", (string?)input["aspect_ratio"]);
        Assert.True((bool?)input["remove_watermark"]);
        Assert.Equal("s3", (string?)input["upload_method"]);
        Assert.Equal(126, request.Price.CreditsPerVariant);
    }

    [Fact]
    public void Kling_sound_goes_out_as_a_json_boolean_and_doubles_the_price()
    {
        var (request, body) = Accepted(new GenerationChoices(
            "kling-2.6/text-to-video",
            "waves on rocks",
            new Dictionary<string, string> { ["sound"] = "true", ["duration"] = "10" }));
        Assert.True((bool?)body["input"]!["sound"]);
        Assert.Equal("10", (string?)body["input"]!["duration"]);
        Assert.Equal(44, request.Price.CreditsPerVariant);
    }

    [Fact]
    public void Runway_is_a_flat_family_without_a_model_field_and_with_an_integer_duration()
    {
        var (request, body) = Accepted(new GenerationChoices(
            "runway/gen4-text-to-video",
            "a neon street at night",
            new Dictionary<string, string> { ["duration"] = "10" },
            CallbackUrl: Callback));
        Assert.Equal("/api/v1/runway/generate", request.Path);
        Assert.False(body.ContainsKey("model"));
        Assert.Equal(10, (int?)body["duration"]);
        Assert.Equal("720p", (string?)body["quality"]);
        Assert.Equal("16:9", (string?)body["aspectRatio"]);
        Assert.Equal(string.Empty, (string?)body["waterMark"]);
        Assert.Equal(6, request.Price.CreditsPerVariant);
    }

    [Fact]
    public void A_combination_kie_refuses_is_rejected_before_any_request()
    {
        var rejection = Rejected(new GenerationChoices(
            "runway/gen4-text-to-video",
            "a neon street",
            new Dictionary<string, string> { ["duration"] = "10", ["resolution"] = "1080p" },
            CallbackUrl: Callback));
        Assert.Equal(CatalogTextKeys.OptionCombinationUnsupported, rejection.TextKey);
        Assert.Equal("duration=10, resolution=1080p", rejection.Parameters["options"]);
    }

    // ---- image-to-video ----

    [Fact]
    public void Veo_image_to_video_sends_first_and_last_frame_as_image_urls()
    {
        var (_, body) = Accepted(new GenerationChoices("veo3-fast/image-to-video", "the cat walks", ImageUrls: TwoImages));
        Assert.Equal("veo3_fast", (string?)body["model"]);
        Assert.Equal(TwoImages, body["imageUrls"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("FIRST_AND_LAST_FRAMES_2_VIDEO", (string?)body["generationType"]);
    }

    [Fact]
    public void Kling_2_1_sends_its_one_image_as_image_url()
    {
        var (request, body) = Accepted(new GenerationChoices("kling/v2-1-standard", "she smiles", ImageUrls: OneImage));
        Assert.Equal(OneImage[0], (string?)body["input"]!["image_url"]);
        Assert.Equal(5, request.Price.CreditsPerVariant);
    }

    [Fact]
    public void Sora_image_to_video_sends_its_one_image_in_an_image_urls_array()
    {
        var (_, body) = Accepted(new GenerationChoices("sora-2-image-to-video", "a product ad", ImageUrls: OneImage));
        Assert.Equal(OneImage, body["input"]!["image_urls"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public void Runway_image_to_video_sends_image_url_camel_cased()
    {
        var (_, body) = Accepted(new GenerationChoices("runway/gen4-image-to-video", "slow zoom", ImageUrls: OneImage, CallbackUrl: Callback));
        Assert.Equal(OneImage[0], (string?)body["imageUrl"]);
    }

    [Fact]
    public void An_image_model_without_a_photo_asks_for_one()
    {
        var rejection = Rejected(new GenerationChoices("kling-2.6/image-to-video", "she smiles"));
        Assert.Equal(CatalogTextKeys.ImageRequired, rejection.TextKey);
        Assert.Equal("1", rejection.Parameters["min"]);
    }

    [Fact]
    public void Too_many_photos_are_refused_with_the_limit()
    {
        var rejection = Rejected(new GenerationChoices("kling-2.6/image-to-video", "she smiles", ImageUrls: TwoImages));
        Assert.Equal(CatalogTextKeys.TooManyFiles, rejection.TextKey);
        Assert.Equal("1", rejection.Parameters["limit"]);
    }

    // ---- music, speech, audio, avatars, upscale ----

    [Fact]
    public void Suno_is_a_flat_body_with_its_version_as_model_and_a_callback()
    {
        var (request, body) = Accepted(new GenerationChoices(
            "suno/v5",
            "an upbeat song about a cat",
            new Dictionary<string, string> { ["instrumental"] = "true" },
            CallbackUrl: Callback));
        Assert.Equal("/api/v1/generate", request.Path);
        Assert.Equal("V5", (string?)body["model"]);
        Assert.False((bool?)body["customMode"]);
        Assert.True((bool?)body["instrumental"]);
        Assert.Equal(Callback, (string?)body["callBackUrl"]);
        Assert.Equal(3, request.Price.CreditsPerVariant);
    }

    [Fact]
    public void Suno_without_a_callback_url_is_refused_because_kie_requires_one()
    {
        var rejection = Rejected(new GenerationChoices("suno/v5", "a song"));
        Assert.Equal(CatalogTextKeys.CallbackRequired, rejection.TextKey);
    }

    [Fact]
    public void A_sound_effect_length_goes_out_as_a_json_number()
    {
        var (_, body) = Accepted(new GenerationChoices(
            "elevenlabs/sound-effect-v2",
            "rain on a tin roof",
            new Dictionary<string, string> { ["duration"] = "10" }));
        Assert.Equal(10m, (decimal?)body["input"]!["duration_seconds"]);
        Assert.Equal("rain on a tin roof", (string?)body["input"]!["text"]);
    }

    [Fact]
    public void Text_to_speech_sends_the_text_field_and_is_priced_by_its_length()
    {
        var text = new string('a', 1200);
        var (request, body) = Accepted(new GenerationChoices(
            "elevenlabs/text-to-speech-multilingual-v2",
            text,
            new Dictionary<string, string> { ["voice"] = "Brian" }));
        Assert.Equal(text, (string?)body["input"]!["text"]);
        Assert.Equal("Brian", (string?)body["input"]!["voice"]);
        Assert.Equal(6, request.Price.CreditsPerVariant);
        Assert.Equal(2500, request.Price.Sku.UpTo);
    }

    [Fact]
    public void Speech_to_text_needs_the_audio_length_to_price_it()
    {
        var rejection = Rejected(new GenerationChoices("elevenlabs/speech-to-text", AudioUrls: Voice));
        Assert.Equal(CatalogTextKeys.MediaDurationRequired, rejection.TextKey);
        var (request, body) = Accepted(new GenerationChoices("elevenlabs/speech-to-text", AudioUrls: Voice, MediaSeconds: 200));
        Assert.Equal(Voice[0], (string?)body["input"]!["audio_url"]);
        Assert.True((bool?)body["input"]!["diarize"]);
        Assert.Equal(4, request.Price.CreditsPerVariant);
    }

    [Fact]
    public void Audio_longer_than_the_last_price_tier_is_refused_with_the_limit()
    {
        var rejection = Rejected(new GenerationChoices("elevenlabs/audio-isolation", AudioUrls: Voice, MediaSeconds: 601));
        Assert.Equal(CatalogTextKeys.AudioTooLong, rejection.TextKey);
        Assert.Equal("600", rejection.Parameters["limit"]);
        Assert.Equal("601", rejection.Parameters["length"]);
    }

    [Fact]
    public void A_talking_avatar_sends_the_photo_and_the_voice()
    {
        var (request, body) = Accepted(new GenerationChoices(
            "infinitalk/from-audio",
            "she talks calmly",
            new Dictionary<string, string> { ["resolution"] = "720p" },
            ImageUrls: OneImage,
            AudioUrls: Voice,
            MediaSeconds: 7));
        Assert.Equal(OneImage[0], (string?)body["input"]!["image_url"]);
        Assert.Equal(Voice[0], (string?)body["input"]!["audio_url"]);
        Assert.Equal(24, request.Price.CreditsPerVariant);
    }

    [Fact]
    public void Image_and_video_upscales_send_their_file_and_factor()
    {
        var (image, imageBody) = Accepted(new GenerationChoices(
            "topaz/image-upscale",
            ImageUrls: OneImage,
            Options: new Dictionary<string, string> { ["upscale_factor"] = "4" }));
        Assert.Equal("4", (string?)imageBody["input"]!["upscale_factor"]);
        Assert.Equal(4, image.Price.CreditsPerVariant);
        var (video, videoBody) = Accepted(new GenerationChoices(
            "topaz/video-upscale",
            VideoUrls: ["https://files.example/clip.mp4"],
            MediaSeconds: 8));
        Assert.Equal("https://files.example/clip.mp4", (string?)videoBody["input"]!["video_url"]);
        Assert.Equal(24, video.Price.CreditsPerVariant);
    }

    // ---- refusals common to all ----

    [Fact]
    public void A_prompt_over_the_limit_is_refused_with_the_limit()
    {
        var rejection = Rejected(new GenerationChoices("kling-2.6/text-to-video", new string('x', 1001)));
        Assert.Equal(CatalogTextKeys.PromptTooLong, rejection.TextKey);
        Assert.Equal("1000", rejection.Parameters["limit"]);
        Assert.Equal("1001", rejection.Parameters["length"]);
        Assert.Equal(
            "The prompt is too long: 1001 characters, and this model takes up to 1000. Please shorten it.",
            CatalogTexts.Render(rejection, "en"));
        Assert.StartsWith("Описание слишком длинное: 1001 символов", CatalogTexts.Render(rejection, "ru"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_prompt_is_refused_where_one_is_required()
    {
        Assert.Equal(CatalogTextKeys.PromptRequired, Rejected(new GenerationChoices("z-image", "   ")).TextKey);
    }

    [Fact]
    public void A_value_outside_the_enum_is_refused_with_the_allowed_values()
    {
        var rejection = Rejected(new GenerationChoices(
            "flux-2/pro-text-to-image",
            "a fox",
            new Dictionary<string, string> { ["resolution"] = "8K" }));
        Assert.Equal(CatalogTextKeys.OptionValueInvalid, rejection.TextKey);
        Assert.Equal("1K, 2K", rejection.Parameters["allowed"]);
    }

    [Fact]
    public void An_unknown_option_or_a_file_the_model_does_not_take_is_refused()
    {
        Assert.Equal(
            CatalogTextKeys.OptionUnknown,
            Rejected(new GenerationChoices("z-image", "a fox", new Dictionary<string, string> { ["fps"] = "60" })).TextKey);
        Assert.Equal(CatalogTextKeys.MediaNotAccepted, Rejected(new GenerationChoices("z-image", "a fox", ImageUrls: OneImage)).TextKey);
    }

    [Fact]
    public void A_file_that_is_not_an_http_url_is_refused()
    {
        var rejection = Rejected(new GenerationChoices("google/nano-banana-edit", "night", ImageUrls: ["file:///etc/passwd"]));
        Assert.Equal(CatalogTextKeys.InvalidUrl, rejection.TextKey);
    }

    [Fact]
    public void An_unknown_model_is_refused()
    {
        Assert.Equal(CatalogTextKeys.UnknownModel, Rejected(new GenerationChoices("no/such-model", "x")).TextKey);
    }

    [Fact]
    public void Variant_counts_are_limited_per_model_and_each_variant_gets_its_own_seed()
    {
        Assert.Equal(
            CatalogTextKeys.VariantsNotAllowed,
            Rejected(new GenerationChoices("veo3/text-to-video", "x", VariantCount: 5)).TextKey);
        Assert.Equal(
            CatalogTextKeys.VariantIndexInvalid,
            Rejected(new GenerationChoices("z-image", "x", VariantCount: 3, VariantIndex: 3)).TextKey);
        var seeds = Enumerable.Range(0, 3)
            .Select(i => (long?)Accepted(new GenerationChoices("bytedance/seedream", "x", VariantCount: 3, VariantIndex: i, Seed: 1000)).Body["input"]!["seed"])
            .ToArray();
        Assert.Equal([1000L, 1001L, 1002L], seeds);
    }

    [Fact]
    public void Cyrillic_prompts_are_sent_as_readable_utf8()
    {
        var (request, _) = Accepted(new GenerationChoices("z-image", "рыжая лиса в снегу"));
        Assert.Contains("рыжая лиса в снегу", request.BodyJson, StringComparison.Ordinal);
    }
}
