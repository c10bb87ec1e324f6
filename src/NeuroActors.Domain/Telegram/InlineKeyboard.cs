namespace NeuroActors.Domain.Telegram;

/// <summary>One inline button: a callback button (<see cref="CallbackData"/>) or a link (<see cref="Url"/>).</summary>
public sealed record InlineButton(string Text, string? CallbackData = null, string? Url = null)
{
    public static InlineButton For(string text, CallbackAction action) => new(text, CallbackCodec.Encode(action));

    public static InlineButton Link(string text, string url) => new(text, Url: url);
}

/// <summary>
/// A neutral inline keyboard: rows of buttons, as the Telegram adapter turns into <c>InlineKeyboardMarkup</c>.
/// Compared by content, so two renders of the same screen are equal.
/// </summary>
public sealed class InlineKeyboard : IEquatable<InlineKeyboard>
{
    /// <summary>Telegram shows at most 8 buttons in a row.</summary>
    public const int MaxButtonsPerRow = 8;

    /// <summary>Telegram allows 100 buttons in a keyboard; screens here stay far below.</summary>
    public const int MaxButtons = 100;

    public InlineKeyboard(IEnumerable<IEnumerable<InlineButton>> rows)
    {
        Rows = rows.Select(r => (IReadOnlyList<InlineButton>)r.ToArray()).Where(r => r.Count > 0).ToArray();
        if (Rows.Any(r => r.Count > MaxButtonsPerRow) || Rows.Sum(r => r.Count) > MaxButtons)
        {
            throw new ArgumentException($"A keyboard takes at most {MaxButtonsPerRow} buttons a row and {MaxButtons} in all.", nameof(rows));
        }
    }

    public static InlineKeyboard Empty { get; } = new([]);

    public IReadOnlyList<IReadOnlyList<InlineButton>> Rows { get; }

    public IEnumerable<InlineButton> Buttons => Rows.SelectMany(r => r);

    public static InlineKeyboard Of(params InlineButton[][] rows) => new(rows);

    public bool Equals(InlineKeyboard? other) =>
        other is not null && Rows.Count == other.Rows.Count && Rows.Zip(other.Rows).All(p => p.First.SequenceEqual(p.Second));

    public override bool Equals(object? obj) => Equals(obj as InlineKeyboard);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var button in Buttons)
        {
            hash.Add(button);
        }

        return hash.ToHashCode();
    }

    public override string ToString() =>
        string.Join(" / ", Rows.Select(r => string.Join(" ", r.Select(b => $"[{b.Text}]"))));
}

/// <summary>A rendered screen: HTML text (parse mode HTML) and its keyboard (null for none).</summary>
public sealed record Screen(string Html, InlineKeyboard? Keyboard);
