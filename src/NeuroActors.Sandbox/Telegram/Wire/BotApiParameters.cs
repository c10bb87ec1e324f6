using System.Globalization;
using System.Text.Json.Nodes;

namespace NeuroActors.Sandbox.Telegram.Wire;

/// <summary>A file part of a multipart request.</summary>
internal sealed record UploadedFile(string PartName, string? FileName, string? ContentType, byte[] Content);

/// <summary>
/// The parameters of one Bot API call, whatever way they came (query string, JSON, form, multipart). Like the real
/// server, every value is kept as a string: nested objects and arrays as their JSON text.
/// </summary>
internal sealed class BotApiParameters
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UploadedFile> _files = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Values => _values;

    public IReadOnlyDictionary<string, UploadedFile> Files => _files;

    public void Set(string name, string value) => _values[name] = value;

    public void AddFile(UploadedFile file) => _files[file.PartName] = file;

    /// <summary>The value, or null when it is absent or empty (the real server treats both alike).</summary>
    public string? GetString(string name) =>
        _values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public string RequireString(string name) => GetString(name) ?? throw BotApiErrors.ParameterRequired(name);

    public bool Has(string name) => GetString(name) is not null;

    /// <summary>An integer parameter; a value that is not a number reads as 0, as the real server's to_integer does.</summary>
    public long? GetLong(string name)
    {
        var text = GetString(name);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }

    public int GetInt(string name, int defaultValue, int min, int max)
    {
        var value = GetLong(name);
        if (value is null)
        {
            return defaultValue;
        }

        return (int)Math.Clamp(value.Value, min, max);
    }

    /// <summary>"true", "yes" and "1" (any case) are true, as in the real server.</summary>
    public bool GetBool(string name)
    {
        var text = GetString(name)?.Trim().ToLowerInvariant();
        return text is "true" or "yes" or "1";
    }

    /// <summary>A JSON-valued parameter (an object or array sent as JSON text), or null when absent.</summary>
    public JsonNode? GetJson(string name, string errorWhenUnparsable)
    {
        var text = GetString(name);
        if (text is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            throw BotApiErrors.BadRequest(errorWhenUnparsable);
        }
    }

    public UploadedFile? GetFile(string partName) => _files.GetValueOrDefault(partName);
}
