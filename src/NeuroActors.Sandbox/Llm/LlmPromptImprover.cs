using System.Security.Cryptography;
using System.Text;

namespace NeuroActors.Sandbox.Llm;

/// <summary>
/// The simulated LLM's one skill: it "improves" a generation prompt by adding style, lighting and composition words
/// in the prompt's language (Russian when it has Cyrillic letters, else English). The same prompt always gives the same answer.
/// </summary>
public static class LlmPromptImprover
{
    private static readonly string[][] English =
    [
        ["cinematic style", "photorealistic style", "digital painting style", "soft watercolor style"],
        ["soft golden-hour lighting", "dramatic rim lighting", "diffused studio lighting", "moody low-key lighting"],
        ["rule-of-thirds composition", "centered symmetrical composition", "wide-angle composition with depth", "close-up composition"],
    ];

    private static readonly string[][] Russian =
    [
        ["кинематографичный стиль", "фотореалистичный стиль", "стиль цифровой живописи", "стиль мягкой акварели"],
        ["мягкий свет золотого часа", "драматичный контровой свет", "рассеянный студийный свет", "приглушённый низкий ключ"],
        ["композиция по правилу третей", "центральная симметричная композиция", "широкоугольная композиция с глубиной", "композиция крупным планом"],
    ];

    public static string Improve(string prompt)
    {
        var text = prompt.Trim().TrimEnd('.', '!', '?', ',', ';');
        var words = IsRussian(text) ? Russian : English;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var detail = IsRussian(text) ? "высокая детализация, чёткий фокус" : "highly detailed, sharp focus";
        var picked = words.Select((choices, i) => choices[hash[i] % choices.Length]);
        return $"{text}, {string.Join(", ", picked)}, {detail}";
    }

    public static bool IsRussian(string text) => text.Any(c => c is >= '\u0400' and <= '\u04FF');
}
