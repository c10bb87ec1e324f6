using NeuroActors.Domain.Catalog;

namespace NeuroActors.Tests.Catalog;

/// <summary>Small catalogue texts for tests, in the shipped file's schema.</summary>
internal static class TestCatalogs
{
    public const string Header = """
        schema: 1
        revision: 7
        pricing:
          markup: 2
          kie_credits_per_credit: 10
          minimum_credits: 1
        menus:
          - key: image
            label: { ru: "Изображения", en: "Image" }
            kinds: [text-to-image, image-to-image]
          - key: video
            label: { ru: "Видео", en: "Video" }
            kinds: [text-to-video, image-to-video]
        models:
        """;

    public const string ImageModel = """
          - id: test/image
            family: market
            kind: text-to-image
            name: { ru: "Тест картинка", en: "Test image" }
            description: { ru: "Картинка для тестов.", en: "An image for tests." }
            prompt: { max: 100 }
            options:
              - { name: resolution, values: [1K, 2K], default: 1K }
            prices:
              - { when: { resolution: 1K }, kie: 5, credits: 1 }
              - { when: { resolution: 2K }, kie: 7, credits: 2 }
        """;

    public const string VideoModel = """
          - id: test/video
            family: market
            kind: text-to-video
            name: { ru: "Тест видео", en: "Test video" }
            description: { ru: "Видео для тестов.", en: "A video for tests." }
            prompt: { max: 500 }
            options:
              - { name: duration, values: ["5", "10"], default: "5" }
            prices:
              - { when: { duration: "5" }, kie: 50, credits: 10 }
              - { when: { duration: "10" }, kie: 100, credits: 20 }
        """;

    public static string With(params string[] models) => Header + "\n" + string.Join("\n", models) + "\n";

    public static string WithRevision(long revision, params string[] models) =>
        With(models).Replace("revision: 7", "revision: " + revision, StringComparison.Ordinal);

    public static CatalogSnapshot Snapshot(string yaml, IEnumerable<ModelAvailability>? availability = null, long version = 0) =>
        CatalogSnapshot.Create(CatalogParser.Parse(yaml, "test.yaml"), availability, version);

    /// <summary>The 1-based line of the first occurrence of <paramref name="fragment"/>, so tests need no hand-counted numbers.</summary>
    public static int LineOf(string text, string fragment)
    {
        var index = text.IndexOf(fragment, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{fragment}' is not in the text");
        return text[..index].Count(c => c == '\n') + 1;
    }
}
