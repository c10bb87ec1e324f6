using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Telegram;
using NeuroActors.Domain.Texts;

namespace NeuroActors.Tests.Texts;

public class PromptTemplatesTests
{
    [Fact]
    public void Every_kind_has_a_few_templates()
    {
        Assert.All(Enum.GetValues<MediaKind>(), kind => Assert.InRange(PromptTemplates.ForKind(kind).Count, 3, 6));
    }

    [Fact]
    public void Every_template_has_one_blank_in_both_languages_and_a_short_id()
    {
        Assert.All(PromptTemplates.All, template =>
        {
            Assert.Matches("^[a-z0-9_]{1,16}$", template.Id);
            Assert.Equal(1, Count(template.TextEn, PromptTemplate.Blank));
            Assert.Equal(1, Count(template.TextRu, PromptTemplate.Blank));
            Assert.False(string.IsNullOrWhiteSpace(template.TitleRu));
            Assert.False(string.IsNullOrWhiteSpace(template.ExampleRu));
            Assert.NotEqual(template.TextEn, template.TextRu);
            Assert.True(CallbackCodec.Encode(new CallbackAction.ChooseTemplate(long.MaxValue, template.Id)).Length <= CallbackCodec.MaxBytes);
        });
        Assert.Equal(PromptTemplates.All.Count, PromptTemplates.All.Select(t => t.Id).Distinct().Count());
    }

    [Fact]
    public void Applying_a_template_fills_the_blank_in_the_users_language()
    {
        var template = PromptTemplates.Find("mus_pop")!;

        Assert.Equal(
            "Upbeat catchy pop song about a summer road trip, memorable chorus, bright synths and guitar, female vocals, 120 BPM, radio-ready mix",
            template.Apply(Language.English, "  a summer road trip. "));
        Assert.StartsWith("Бодрая запоминающаяся поп-песня про летнюю поездку,", template.Apply(Language.Russian, "летнюю поездку"), StringComparison.Ordinal);
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;
}
