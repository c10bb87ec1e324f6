using YamlDotNet.RepresentationModel;

namespace NeuroActors.Domain.Catalog;

/// <summary>Cross-checks of a model once read: what its kind needs, and that no two inputs write the same request field.</summary>
internal sealed partial class CatalogYamlReader
{
    private void CheckKindNeeds(YamlMappingNode map, string ctx, GenerationKind kind, PromptSpec? prompt, List<MediaInputSpec> media)
    {
        int Min(MediaKind m) => media.FirstOrDefault(x => x.Media == m)?.Min ?? 0;
        switch (kind)
        {
            case GenerationKind.TextToImage or GenerationKind.TextToVideo or GenerationKind.TextToMusic or GenerationKind.TextToSpeech:
                if (prompt is not { Required: true })
                {
                    Add(map, $"{ctx}: a {kind.Slug()} model needs a required prompt");
                }

                break;
            case GenerationKind.ImageToImage or GenerationKind.ImageToVideo:
                if (Min(MediaKind.Image) < 1)
                {
                    Add(map, $"{ctx}: a {kind.Slug()} model needs images with min >= 1");
                }

                break;
            case GenerationKind.SpeechToText or GenerationKind.AudioToAudio:
                if (Min(MediaKind.Audio) < 1)
                {
                    Add(map, $"{ctx}: a {kind.Slug()} model needs audio with min >= 1");
                }

                break;
            case GenerationKind.SpeechToVideo:
                if (Min(MediaKind.Audio) < 1 || Min(MediaKind.Image) < 1)
                {
                    Add(map, $"{ctx}: a speech-to-video model needs audio and an image");
                }

                break;
            case GenerationKind.Upscale:
                if (Min(MediaKind.Image) < 1 && Min(MediaKind.Video) < 1)
                {
                    Add(map, $"{ctx}: an upscale model needs an image or a video");
                }

                break;
        }
    }

    private void CheckFieldClashes(
        YamlMappingNode map,
        string ctx,
        ApiFamily family,
        PromptSpec? prompt,
        List<MediaInputSpec> media,
        List<OptionSpec> options,
        List<FixedField> fixedFields,
        string? seedField)
    {
        var reserved = new List<string> { ApiFamilies.CallbackField };
        if (!family.Info().NestsInput && family.Info().ModelField is { } modelField)
        {
            reserved.Add(modelField);
        }

        var used = new Dictionary<string, string>(StringComparer.Ordinal);

        void Use(string field, string what)
        {
            if (reserved.Contains(field))
            {
                Add(map, $"{ctx}: {what} uses '{field}', which the {family.Info().Slug} request sets itself");
            }
            else if (!used.TryAdd(field, what))
            {
                Add(map, $"{ctx}: {what} and {used[field]} both use the field '{field}'");
            }
        }

        if (prompt is not null)
        {
            Use(prompt.Field, "the prompt");
        }

        foreach (var m in media)
        {
            Use(m.Field, GenerationKinds.SlugOf(m.Media));
        }

        foreach (var o in options)
        {
            Use(o.Field, $"option '{o.Name}'");
        }

        foreach (var f in fixedFields)
        {
            Use(f.Field, $"fixed field '{f.Field}'");
        }

        if (seedField is not null)
        {
            Use(seedField, "seed_field");
        }
    }

    private void CheckField(YamlMappingNode map, string key, string field, string ctx)
    {
        if (!FieldPattern().IsMatch(field))
        {
            Add(Get(map, key) ?? map, $"{ctx}: '{field}' is not a valid field name");
        }
    }

    private void CheckField(YamlNode node, string field, string ctx)
    {
        if (!FieldPattern().IsMatch(field))
        {
            Add(node, $"{ctx}: '{field}' is not a valid field name");
        }
    }
}
