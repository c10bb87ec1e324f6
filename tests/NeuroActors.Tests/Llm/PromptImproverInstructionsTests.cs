using NeuroActors.Domain.Conversation;
using NeuroActors.Domain.Texts;
using NeuroActors.Kie.Llm;

namespace NeuroActors.Tests.Llm;

public sealed class PromptImproverInstructionsTests
{
    [Fact]
    public void The_user_message_is_the_prompt_alone_after_the_system_rules()
    {
        var messages = PromptImproverInstructions.Messages(new PromptImprovementRequest("  a red fox  ", MediaKind.Image, "z-image", Language.English), 800);

        Assert.Equal(["system", "user"], messages.Select(m => m.Role));
        Assert.Equal("a red fox", messages[1].Content);
    }

    [Fact]
    public void The_system_prompt_names_the_model_the_limit_and_the_rules()
    {
        var system = PromptImproverInstructions.SystemPrompt(MediaKind.Image, "z-image", Language.English, 800);

        Assert.Contains("\"z-image\"", system);
        Assert.Contains("image generation", system);
        Assert.Contains("At most 800 characters", system);
        Assert.Contains("Keep the user's intent", system);
        Assert.Contains("same language as the user's prompt", system);
        Assert.Contains("Answer only with the new prompt", system);
    }

    [Theory]
    [InlineData(Language.Russian, "write in Russian")]
    [InlineData(Language.English, "write in English")]
    public void The_user_language_decides_when_the_prompt_language_is_unclear(Language language, string expected)
    {
        Assert.Contains(expected, PromptImproverInstructions.SystemPrompt(MediaKind.Video, "veo3", language, 800));
    }

    [Theory]
    [InlineData(MediaKind.Image, "lighting")]
    [InlineData(MediaKind.Video, "camera movement")]
    [InlineData(MediaKind.Music, "Do not name real artists")]
    [InlineData(MediaKind.Speech, "exact text to be spoken")]
    public void Each_kind_gets_its_own_good_practice(MediaKind kind, string expected)
    {
        var system = PromptImproverInstructions.SystemPrompt(kind, "m", Language.English, 800);

        Assert.Contains(expected, system);
        foreach (var other in Enum.GetValues<MediaKind>().Where(k => k != kind))
        {
            Assert.NotEqual(system, PromptImproverInstructions.SystemPrompt(other, "m", Language.English, 800));
        }
    }
}
