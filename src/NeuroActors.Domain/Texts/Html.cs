using System.Globalization;
using System.Text;

namespace NeuroActors.Domain.Texts;

/// <summary>Helpers for Telegram's HTML parse mode: every piece of user or model text goes through <see cref="Escape"/>.</summary>
public static class Html
{
    /// <summary>Escapes the three characters Telegram's HTML mode reserves, and quotes for attribute safety.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>Escaped text, shortened to at most <paramref name="maxChars"/> text elements with an ellipsis.</summary>
    public static string EscapeShort(string? text, int maxChars, bool keepLineBreaks = false) => Escape(Shorten(text, maxChars, keepLineBreaks));

    /// <summary>
    /// Shortens raw text to at most <paramref name="maxChars"/> text elements (so an emoji or a surrogate
    /// pair is never cut in half), ending with "…" when something was cut. Line breaks become spaces unless kept.
    /// </summary>
    public static string Shorten(string? text, int maxChars, bool keepLineBreaks = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var singleLine = (keepLineBreaks ? text.ReplaceLineEndings("\n") : text.ReplaceLineEndings(" ")).Trim();
        var info = new StringInfo(singleLine);
        if (info.LengthInTextElements <= maxChars)
        {
            return singleLine;
        }

        var keep = Math.Max(0, maxChars - 1);
        return info.SubstringByTextElements(0, keep).TrimEnd() + "…";
    }

    /// <summary>Length as Telegram and the models count it closely enough: Unicode code points.</summary>
    public static int CountChars(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
