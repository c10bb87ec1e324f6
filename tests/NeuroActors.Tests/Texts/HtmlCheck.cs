using System.Text.RegularExpressions;

namespace NeuroActors.Tests.Texts;

/// <summary>Checks text against what Telegram's HTML parse mode accepts from this bot: a few tags, balanced, and escaped entities.</summary>
internal static partial class HtmlCheck
{
    [GeneratedRegex("<(/?)(b|i|code|a)(\\s+href=\"[^\"<>]*\")?>")]
    private static partial Regex Tag();

    [GeneratedRegex("&(?!(amp|lt|gt|quot);)")]
    private static partial Regex BareAmpersand();

    public static void AssertWellFormed(string html)
    {
        var stack = new Stack<string>();
        var rest = Tag().Replace(html, match =>
        {
            var name = match.Groups[2].Value;
            if (match.Groups[1].Value == "/")
            {
                Assert.True(stack.Count > 0 && stack.Pop() == name, $"Unbalanced </{name}> in: {html}");
            }
            else
            {
                stack.Push(name);
            }

            return string.Empty;
        });
        Assert.True(stack.Count == 0, $"Unclosed <{string.Join(",", stack)}> in: {html}");
        Assert.DoesNotContain("<", rest, StringComparison.Ordinal);
        Assert.DoesNotContain(">", rest, StringComparison.Ordinal);
        Assert.False(BareAmpersand().IsMatch(rest), $"Unescaped '&' in: {html}");
    }
}
