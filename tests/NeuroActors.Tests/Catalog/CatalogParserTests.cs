using NeuroActors.Domain.Catalog;

namespace NeuroActors.Tests.Catalog;

public class CatalogParserTests
{
    private static CatalogLoadException Fails(string yaml, string file = "catalog/models.yaml") =>
        Assert.Throws<CatalogLoadException>(() => CatalogParser.Parse(yaml, file));

    [Fact]
    public void A_valid_catalogue_parses_into_models_with_their_lines()
    {
        var yaml = TestCatalogs.With(TestCatalogs.ImageModel, TestCatalogs.VideoModel);
        var document = CatalogParser.Parse(yaml, "test.yaml");
        Assert.Equal(["test/image", "test/video"], document.Models.Select(m => m.Id));
        Assert.Equal(7, document.Revision);
        Assert.Equal(TestCatalogs.LineOf(yaml, "- id: test/video"), document.Models[1].Line);
        Assert.Equal(64, document.ContentHash.Length);
    }

    [Fact]
    public void Broken_yaml_syntax_reports_file_and_line()
    {
        var yaml = TestCatalogs.With(TestCatalogs.ImageModel).Replace("prompt: { max: 100 }", "prompt: { max: 100", StringComparison.Ordinal);
        var e = Fails(yaml);
        Assert.Equal("catalog/models.yaml", e.File);
        Assert.True(e.Line >= TestCatalogs.LineOf(yaml, "prompt: { max: 100"), $"line {e.Line}");
        Assert.StartsWith("YAML syntax error", e.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"catalog/models.yaml:{e.Line}: YAML syntax error", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_list_at_the_end_of_the_file_is_a_syntax_error_not_a_crash()
    {
        var e = Fails("schema: 1\nrevision: [1, 2\n");
        Assert.Equal(2, e.Line);
        Assert.Contains("never closed", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_key_is_reported_on_its_second_line()
    {
        var yaml = TestCatalogs.With(TestCatalogs.ImageModel).Replace(
            "    kind: text-to-image\n",
            "    kind: text-to-image\n    kind: text-to-video\n",
            StringComparison.Ordinal);
        var e = Fails(yaml);
        Assert.Equal(TestCatalogs.LineOf(yaml, "kind: text-to-video"), e.Line);
        Assert.Contains("Duplicate key", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelled_key_is_reported_with_the_allowed_keys()
    {
        var yaml = TestCatalogs.With(TestCatalogs.ImageModel).Replace("default: 1K", "defualt: 1K", StringComparison.Ordinal);
        var e = Fails(yaml);
        Assert.Equal(TestCatalogs.LineOf(yaml, "defualt"), e.Line);
        Assert.Contains("unknown key 'defualt'", e.Problem, StringComparison.Ordinal);
        Assert.Contains("model 'test/image' option 'resolution'", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_kind_is_reported_on_its_line()
    {
        var yaml = TestCatalogs.With(TestCatalogs.ImageModel).Replace("kind: text-to-image", "kind: text-to-hologram", StringComparison.Ordinal);
        var e = Fails(yaml);
        Assert.Equal(TestCatalogs.LineOf(yaml, "text-to-hologram"), e.Line);
        Assert.Equal(
            "model 'test/image': unknown kind 'text-to-hologram' (known: text-to-image, image-to-image, text-to-video, image-to-video, "
            + "text-to-music, text-to-speech, speech-to-text, audio-to-audio, speech-to-video, upscale)",
            e.Problem);
    }

    [Fact]
    public void A_default_that_is_not_a_value_is_reported()
    {
        var yaml = TestCatalogs.With(TestCatalogs.ImageModel).Replace("default: 1K", "default: 4K", StringComparison.Ordinal);
        var e = Fails(yaml);
        Assert.Equal(TestCatalogs.LineOf(yaml, "default: 4K"), e.Line);
        Assert.Contains("the default '4K' is not one of its values (1K, 2K)", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_price_that_breaks_the_pricing_rule_is_reported_with_the_right_figure()
    {
        var yaml = TestCatalogs.With(TestCatalogs.ImageModel).Replace("kie: 7, credits: 2", "kie: 7, credits: 1", StringComparison.Ordinal);
        var e = Fails(yaml);
        Assert.Equal(TestCatalogs.LineOf(yaml, "kie: 7, credits: 1"), e.Line);
        Assert.Contains("credits 1 does not follow the pricing rule", e.Problem, StringComparison.Ordinal);
        Assert.Contains("KIE 7 gives 2", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_price_row_for_an_unknown_option_value_is_reported()
    {
        var yaml = TestCatalogs.With(TestCatalogs.ImageModel).Replace("when: { resolution: 2K }", "when: { resolution: 8K }", StringComparison.Ordinal);
        var e = Fails(yaml);
        Assert.Equal(TestCatalogs.LineOf(yaml, "resolution: 8K"), e.Line);
        Assert.Contains("'8K' is not a value of option 'resolution'", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_model_id_names_both_lines()
    {
        var yaml = TestCatalogs.With(TestCatalogs.ImageModel, TestCatalogs.ImageModel);
        var e = Fails(yaml);
        var second = yaml.IndexOf("- id: test/image", yaml.IndexOf("- id: test/image", StringComparison.Ordinal) + 1, StringComparison.Ordinal);
        Assert.Equal(yaml[..second].Count(c => c == '\n') + 1, e.Line);
        Assert.Contains($"the id is used twice (first at line {TestCatalogs.LineOf(yaml, "- id: test/image")})", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_name_is_reported_at_the_model()
    {
        var yaml = TestCatalogs.With(TestCatalogs.ImageModel).Replace(
            "    name: { ru: \"Тест картинка\", en: \"Test image\" }\n",
            string.Empty,
            StringComparison.Ordinal);
        var e = Fails(yaml);
        Assert.Equal(TestCatalogs.LineOf(yaml, "- id: test/image"), e.Line);
        Assert.Equal("model 'test/image': 'name' is missing", e.Problem);
    }

    [Fact]
    public void A_field_used_twice_is_reported()
    {
        var yaml = TestCatalogs.With(TestCatalogs.ImageModel).Replace(
            "{ name: resolution, values",
            "{ name: resolution, field: prompt, values",
            StringComparison.Ordinal);
        var e = Fails(yaml);
        Assert.Contains("option 'resolution' and the prompt both use the field 'prompt'", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_model_without_images_is_reported()
    {
        var yaml = TestCatalogs.With(TestCatalogs.ImageModel).Replace("kind: text-to-image", "kind: image-to-image", StringComparison.Ordinal);
        var e = Fails(yaml);
        Assert.Equal("model 'test/image': a image-to-image model needs images with min >= 1", e.Problem);
    }

    [Fact]
    public void Several_problems_are_all_kept_and_the_message_stays_one_line()
    {
        var yaml = TestCatalogs.With(TestCatalogs.ImageModel)
            .Replace("kind: text-to-image", "kind: nope", StringComparison.Ordinal)
            .Replace("family: market", "family: mystery", StringComparison.Ordinal);
        var e = Fails(yaml);
        Assert.Equal(2, e.Problems.Count);
        Assert.Equal(TestCatalogs.LineOf(yaml, "family: mystery"), e.Problems[0].Line);
        Assert.Equal(TestCatalogs.LineOf(yaml, "kind: nope"), e.Problems[1].Line);
        Assert.EndsWith("(and 1 more problem)", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void An_empty_file_and_an_unsupported_schema_are_refused()
    {
        Assert.Equal("the catalogue is empty", Fails(string.Empty).Problem);
        var e = Fails(TestCatalogs.With(TestCatalogs.ImageModel).Replace("schema: 1", "schema: 2", StringComparison.Ordinal));
        Assert.Equal(1, e.Line);
        Assert.Contains("schema 2 is not supported", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_a_load_exception_naming_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-dir-" + Guid.NewGuid().ToString("N"), "models.yaml");
        var e = Assert.Throws<CatalogLoadException>(() => CatalogParser.LoadFile(path));
        Assert.Equal(path, e.File);
        Assert.StartsWith(path + ": cannot read the catalogue", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fixed_values_keep_their_yaml_types_in_json()
    {
        var yaml = TestCatalogs.With(TestCatalogs.ImageModel.Replace(
            "    prices:",
            "    fixed: { upload_method: s3, remove_watermark: true, n: 1, quoted: \"5\", ratio: 0.5, list: [] }\n    prices:",
            StringComparison.Ordinal));
        var model = CatalogParser.Parse(yaml, "test.yaml").Models[0];
        Assert.Equal(
            ["\"s3\"", "true", "1", "\"5\"", "0.5", "[]"],
            model.Fixed.Select(f => f.Json));
    }
}
