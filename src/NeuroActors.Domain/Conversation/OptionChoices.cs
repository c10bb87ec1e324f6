using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuroActors.Domain.Conversation;

/// <summary>
/// The option values a user chose for a model (option name → catalogue value, e.g. <c>duration → 10</c>), immutable and
/// compared by value. In a draft it holds only what the user changed (the rest take the model's defaults); in a placed
/// order it holds every option, resolved, so the job sends exactly what was quoted. Stored as a plain JSON object.
/// </summary>
[JsonConverter(typeof(OptionChoicesJsonConverter))]
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "It reads as the user's choices, which is what it is.")]
public sealed class OptionChoices : IReadOnlyDictionary<string, string>, IEquatable<OptionChoices>
{
    private readonly ImmutableSortedDictionary<string, string> _values;

    private OptionChoices(ImmutableSortedDictionary<string, string> values) => _values = values;

    public static OptionChoices Empty { get; } = new(ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal));

    public static OptionChoices From(IEnumerable<KeyValuePair<string, string>>? values)
    {
        if (values is null)
        {
            return Empty;
        }

        var built = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, values);
        return built.IsEmpty ? Empty : new OptionChoices(built);
    }

    /// <summary>The same choices with <paramref name="name"/> set to <paramref name="value"/>.</summary>
    public OptionChoices With(string name, string value) => new(_values.SetItem(name, value));

    public int Count => _values.Count;

    public string this[string key] => _values[key];

    public IEnumerable<string> Keys => _values.Keys;

    public IEnumerable<string> Values => _values.Values;

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) => _values.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(OptionChoices? other) =>
        other is not null && (ReferenceEquals(this, other) || (_values.Count == other._values.Count && _values.All(kv => other._values.TryGetValue(kv.Key, out var v) && v == kv.Value)));

    public override bool Equals(object? obj) => obj is OptionChoices other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in _values)
        {
            hash.Add(key, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(OptionChoices? left, OptionChoices? right) => left?.Equals(right) ?? right is null;

    public static bool operator !=(OptionChoices? left, OptionChoices? right) => !(left == right);

    /// <summary>For logs and tests: "duration=10, resolution=720p".</summary>
    public override string ToString() => string.Join(", ", _values.Select(kv => kv.Key + "=" + kv.Value));
}

/// <summary>Reads and writes <see cref="OptionChoices"/> as a JSON object of strings.</summary>
public sealed class OptionChoicesJsonConverter : JsonConverter<OptionChoices>
{
    public override OptionChoices Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return OptionChoices.Empty;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Option choices are a JSON object of strings.");
        }

        var values = new List<KeyValuePair<string, string>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString() ?? throw new JsonException("An option name is null.");
            reader.Read();
            var value = reader.TokenType == JsonTokenType.String
                ? reader.GetString()!
                : throw new JsonException($"Option '{name}' has a value that is not a string.");
            values.Add(new KeyValuePair<string, string>(name, value));
        }

        return OptionChoices.From(values);
    }

    public override void Write(Utf8JsonWriter writer, OptionChoices value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, choice) in value)
        {
            writer.WriteString(name, choice);
        }

        writer.WriteEndObject();
    }

    public override bool HandleNull => true;
}
